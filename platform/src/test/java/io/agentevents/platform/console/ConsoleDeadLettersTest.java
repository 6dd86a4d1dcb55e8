package io.agentevents.platform.console;

import io.agentevents.consumer.deadletter.DeadLetterConfig;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may replay from the console, and the names the desk refuses; nothing here reaches Kafka. */
class ConsoleDeadLettersTest {
    private final DeadLetterConfig config = DeadLetterConfig.defaults("127.0.0.1:9", "http://127.0.0.1:9");

    @Test
    void anOpenConsoleLetsAnyoneReplayAnAuthenticatedOneOnlyItsOperators() {
        try (ConsoleDeadLetters desk = ConsoleDeadLetters.open(config, Set.of("admin"))) {
            assertThat(desk.mayReplay(Optional.empty())).as("no authentication configured").isTrue();
            assertThat(desk.mayReplay(Optional.of("admin"))).isTrue();
            assertThat(desk.mayReplay(Optional.of("auditor"))).isFalse();
        }
        try (ConsoleDeadLetters desk = ConsoleDeadLetters.open(config, Set.of())) {
            assertThat(desk.mayReplay(Optional.of("admin"))).as("no operators named: nobody").isFalse();
        }
    }

    @Test
    void operatorsAreReadFromTheEnvironment() {
        assertThat(ConsoleDeadLetters.operatorsFrom(Map.of(ConsoleDeadLetters.OPERATORS_VARIABLE, " admin, ops-bot ,,")))
                .containsExactly("admin", "ops-bot");
        assertThat(ConsoleDeadLetters.operatorsFrom(Map.of())).isEmpty();
    }

    @Test
    void anUnknownDomainIsRefusedByName() {
        try (ConsoleDeadLetters desk = ConsoleDeadLetters.open(config, Set.of())) {
            assertThatThrownBy(() -> desk.list("nonsense", 10)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unknown domain 'nonsense'").hasMessageContaining("tool");
        }
    }
}
