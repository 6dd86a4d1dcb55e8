package io.agentevents.schemas.connection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SecretTest {

    @Test
    void printsAsHiddenAlsoInsideOtherValues() {
        Secret secret = Secret.of("s3cret");
        assertThat(secret).hasToString("[hidden]");
        assertThat(List.of(secret).toString()).doesNotContain("s3cret");
        assertThat(secret.value()).isEqualTo("s3cret");
    }

    @Test
    void equalByValue() {
        assertThat(Secret.of("a")).isEqualTo(Secret.of("a")).hasSameHashCodeAs(Secret.of("a")).isNotEqualTo(Secret.of("b"));
    }
}
