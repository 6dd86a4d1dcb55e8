package io.agentevents.consumer.deadletter;

import io.agentevents.schemas.Domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What DeadLetters refuses before it contacts anything (nothing listens on the addresses used). */
class DeadLettersTest {
    private final DeadLetterConfig config = DeadLetterConfig.defaults("127.0.0.1:1", "http://127.0.0.1:1");

    @Test
    void aLetterWithoutItsSourceCannotBeReplayedAndNothingIsSent() {
        try (DeadLetters deadLetters = DeadLetters.open(config)) {
            DeadLetter noSource = Letters.undecodable(Optional.empty(), Optional.empty());
            assertThatThrownBy(() -> deadLetters.replay(noSource)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("events.plan.dlq-1@7").hasMessageContaining("eventbus.dlq.source.topic");
            assertThat(deadLetters.replay(List.of())).isEqualTo(ReplayResult.empty());
        }
    }

    @Test
    void badArgumentsAreRefusedNamingThem() {
        try (DeadLetters deadLetters = DeadLetters.open(config)) {
            assertThatThrownBy(() -> deadLetters.list(Domain.PLAN, 0)).hasMessageContaining("max");
            assertThatThrownBy(() -> deadLetters.show("events.plan", 0, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'events.plan' is not a dead-letter topic");
            assertThatThrownBy(() -> deadLetters.show("events.plan.dlq", -1, 0)).hasMessageContaining("partition");
        }
    }

    @Test
    void aClosedInstanceRefusesWorkAndClosingTwiceIsFine() {
        DeadLetters deadLetters = DeadLetters.open(config);
        deadLetters.close();
        deadLetters.close();
        assertThatThrownBy(() -> deadLetters.list(5)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(deadLetters.config()).isEqualTo(config);
    }
}
