package io.agentevents.consumer;

import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Flow view: demand-driven delivery of Kafka events to a reactive subscriber. */
@ExtendWith(SharedPlatformExtension.class)
class EventPublisherIT {

    @Test
    void aFlowSubscriberReceivesEventsAsItRequestsThemAndIsCompletedOnClose(TestPlatform platform) {
        try (EventTopics writer = EventTopics.provision(platform, "flow", 1)) {
            List<DomainEvent> events = SubscriberDeliveryIT.keyedEvents(20, 1, EventType.SANDBOX_CREATED);
            writer.writeAll(events);
            ConcurrentLinkedQueue<DomainEvent> received = new ConcurrentLinkedQueue<>();
            AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
            AtomicBoolean completed = new AtomicBoolean();
            EventPublisher publisher = EventPublisher.start(TestSubscribers.config(writer, "flow"), List.of(), List.of(Domain.SANDBOX), 4);
            publisher.subscribe(new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscription.set(s);
                    s.request(5);
                }

                @Override
                public void onNext(DomainEvent item) {
                    received.add(item);
                }

                @Override
                public void onError(Throwable throwable) {
                }

                @Override
                public void onComplete() {
                    completed.set(true);
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 5);
            // no more than requested arrive while demand is exhausted
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> received.size() == 5);
            subscription.get().request(Long.MAX_VALUE);
            await().atMost(Duration.ofSeconds(30)).until(() -> received.size() == 20);
            assertThat(received).containsExactlyElementsOf(events);
            publisher.close();
            await().atMost(Duration.ofSeconds(10)).untilTrue(completed);
        }
    }
}
