package io.agentevents.producer.kafka;

import io.agentevents.producer.EmitException;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** An emit with nothing listening at the bootstrap servers names Kafka, and only Kafka. */
class KafkaEventBusUnreachableTest {

    @Test
    @Timeout(30)
    void anEmitWithNoBrokerAnsweringSaysKafkaCouldNotBeReachedWithinMaxBlock() {
        KafkaEventBusConfig config = KafkaEventBusConfig.local("127.0.0.1:1", "http://127.0.0.1:1").withProvision(false)
                .withDeliveryTimeout(Duration.ofSeconds(2));
        try (KafkaEventBus bus = KafkaEventBus.start(config)) {
            EmitException failure = catchThrowableOfType(EmitException.class, () -> bus.emitAndWait(
                    DomainEvent.builder(EventType.PLAN_CREATED).source("test").build()));
            assertThat(failure.getMessage()).contains("not emitted: cannot reach Kafka at 127.0.0.1:1 within 2 s")
                    .doesNotContain("registry");
            assertThat(failure.retriable()).isTrue();
        }
    }
}
