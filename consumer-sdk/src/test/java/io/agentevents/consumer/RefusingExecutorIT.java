package io.agentevents.consumer;

import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.EventType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A handler executor that refuses work (saturated, or shut down under the subscriber's feet) stops
 * the subscriber in state FAILED, saying why, instead of killing its poll thread with an uncaught
 * exception and leaving it RUNNING with nothing reading. The reliability suite's subscriber kills
 * (closeNow racing a dispatch) found the uncaught case.
 */
@ExtendWith(SharedPlatformExtension.class)
class RefusingExecutorIT {

    @Test
    void anExecutorThatRefusesWorkFailsTheSubscriberNamingTheCause(TestPlatform platform) throws Exception {
        try (EventTopics writer = EventTopics.provision(platform, "refusing", 1)) {
            writer.writeAll(SubscriberDeliveryIT.keyedEvents(5, 1, EventType.PLAN_STARTED));
            Executor refusing = task -> {
                throw new RejectedExecutionException("saturated");
            };
            EventSubscriber subscriber = EventSubscriber.builder(TestSubscribers.config(writer, "refusing"))
                    .executor(refusing)
                    .on(EventType.PLAN_STARTED, (event, delivery) -> { })
                    .build().start();
            try {
                await().atMost(Duration.ofMinutes(1)).until(() -> subscriber.state() == EventSubscriber.State.FAILED);
                assertThat(subscriber.failure()).get().asString()
                        .contains("handler executor refused a record").contains("saturated");
                assertThat(subscriber.metrics().handled()).isZero();
            } finally {
                subscriber.close();
            }
        }
    }
}
