package io.agentevents.consumer;

import io.agentevents.api.Delivery;
import io.agentevents.api.EventListener;
import io.agentevents.api.Subscription;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.inprocess.InMemoryEventBus;
import io.agentevents.producer.inprocess.InMemoryEventBusConfig;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One listener API on every bus: the same {@link EventListener} instance runs on the in-process bus
 * and on a Kafka {@link EventSubscriber}, and subscribing on Kafka always names its consumer group
 * (what {@code KafkaEventBus.subscribe} did with a made-up group per call, before it was removed).
 */
@ExtendWith(SharedPlatformExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ListenerOnEveryBusIT {

    /** Records every call; thread-safe, since a subscriber may call it from its handler threads. */
    private static final class Recorder implements EventListener {
        final List<DomainEvent> events = Collections.synchronizedList(new ArrayList<>());
        final List<Delivery> deliveries = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onEvent(DomainEvent event, Delivery delivery) {
            events.add(event);
            deliveries.add(delivery);
        }
    }

    @Test
    void oneListenerInstanceRunsUnchangedOnTheInProcessBusAndOnAKafkaSubscriber(TestPlatform platform) {
        TopicLayout layout = TopicLayout.local(1).withPrefix(platform.uniqueName("portable"));
        Recorder listener = new Recorder();
        DomainEvent inProcess = DomainEvent.builder(EventType.DECISION_CREATED).source("decider").build();
        DomainEvent onKafka = DomainEvent.builder(EventType.DECISION_CREATED).source("decider").build();
        List<Subscription> subscriptions = new ArrayList<>();

        EmitResult landedInProcess;
        EmitResult landedOnKafka;
        SubscriberConfig config = SubscriberConfig.builder(platform.bootstrapServers(), platform.schemaRegistryUrl(),
                platform.uniqueName("portable-reviewers")).topicPrefix(layout.prefix()).build();
        try (InMemoryEventBus inMemory = new InMemoryEventBus(InMemoryEventBusConfig.defaults().withTopicPrefix(layout.prefix()));
             KafkaEventBus kafka = KafkaEventBus.start(
                     KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl()).withTopics(layout));
             EventSubscriber subscriber = EventSubscriber.builder(config).on(EventType.DECISION_CREATED, listener).build()) {
            subscriptions.add(inMemory.subscribe(EventType.DECISION_CREATED, listener));
            subscriptions.add(subscriber.start());

            landedInProcess = inMemory.emitAndWait(inProcess);
            landedOnKafka = kafka.emitAndWait(onKafka);

            await().atMost(Duration.ofSeconds(60)).until(() -> listener.events.size() == 2);
            assertThat(subscriptions).allMatch(Subscription::isActive);
        }

        assertThat(listener.events).containsExactly(inProcess, onKafka);
        // each bus told the listener where the event landed, as its emit was told
        assertThat(listener.deliveries).containsExactly(
                new Delivery(landedInProcess.topic(), 0, landedInProcess.offset(), 1, false,
                        listener.deliveries.get(0).recordTime()),
                new Delivery(landedOnKafka.topic(), landedOnKafka.partition(), landedOnKafka.offset(), 1, false,
                        listener.deliveries.get(1).recordTime()));
        assertThat(landedInProcess.topic()).isEqualTo(landedOnKafka.topic()).isEqualTo(layout.topic(Domain.DECISION));
        assertThat(subscriptions).noneMatch(Subscription::isActive);
    }

    @Test
    void subscribersInGroupsOfTheirOwnReceiveEveryEventWhileManyThreadsEmitAndSubscribe(TestPlatform platform)
            throws Exception {
        TopicLayout layout = TopicLayout.local(1).withPrefix(platform.uniqueName("subscribe"));
        int threads = 4;
        int perThread = 250;
        Set<String> byType = ConcurrentHashMap.newKeySet();
        Set<String> byDomain = ConcurrentHashMap.newKeySet();
        List<EventSubscriber> subscribers = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads + 2);
        try (KafkaEventBus bus = KafkaEventBus.start(
                KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl()).withTopics(layout))) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> tasks = new ArrayList<>();
            // two threads start subscribers, each in a group it names, at the moment the emitters start
            tasks.add(pool.submit(() -> subscribers.add(EventSubscriber.builder(group(platform, layout, "by-type"))
                    .on(EventType.ACTOR_STARTED, (event, delivery) -> byType.add(event.eventId())).build().start())));
            tasks.add(pool.submit(() -> subscribers.add(EventSubscriber.builder(group(platform, layout, "by-domain"))
                    .on(Domain.ACTOR, (event, delivery) -> byDomain.add(event.eventId())).build().start())));
            for (Future<?> task : tasks) {
                task.get(60, TimeUnit.SECONDS);
            }
            List<CompletableFuture<EmitResult>> emitted = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> emitters = IntStream.range(0, threads).<Future<?>>mapToObj(thread -> pool.submit(() -> {
                go.await();
                IntStream.range(0, perThread).forEach(i -> emitted.add(bus.emit(DomainEvent.builder(
                        i % 2 == 0 ? EventType.ACTOR_STARTED : EventType.ACTOR_STOPPED)
                        .source("t" + thread).correlationId("a" + thread).build())));
                // a third subscriber starts and stops while events flow
                EventSubscriber.builder(group(platform, layout, "churn-" + thread))
                        .on(Domain.ACTOR, (event, delivery) -> { }).build().start().close();
                return null;
            })).toList();
            go.countDown();
            for (Future<?> emitter : emitters) {
                emitter.get(120, TimeUnit.SECONDS);
            }
            CompletableFuture.allOf(emitted.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> byDomain.size() == threads * perThread && byType.size() == threads * perThread / 2);
        } finally {
            pool.shutdownNow();
            subscribers.forEach(EventSubscriber::close);
        }
    }

    private static SubscriberConfig group(TestPlatform platform, TopicLayout layout, String name) {
        return SubscriberConfig.builder(platform.bootstrapServers(), platform.schemaRegistryUrl(),
                platform.uniqueName(name)).topicPrefix(layout.prefix()).build();
    }
}
