package io.agentevents.streams.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code eventbus plan --wait-for} reads from an answer it prints as it came. */
class RawAnswerTest {

    @Test
    void onlyAnAnswerSayingCaughtUpTrueCaughtUp() {
        assertThat(new RawAnswer(200, "{\"planId\":\"p\",\"freshness\":{},\"caughtUp\":true}", null).caughtUp()).isTrue();
        assertThat(new RawAnswer(200, "{\"caughtUp\":false}", null).caughtUp()).isFalse();
        assertThat(new RawAnswer(200, "{\"planId\":\"p\"}", null).caughtUp()).isFalse();
        assertThat(new RawAnswer(503, "not json", "1").caughtUp()).isFalse();
    }
}
