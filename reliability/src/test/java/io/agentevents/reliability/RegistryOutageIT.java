package io.agentevents.reliability;

import io.agentevents.api.EventListener;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.local.registry.EmbeddedSchemaRegistry;
import io.agentevents.local.registry.SchemaRegistryServerConfig;
import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.EventBusException;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.schemas.topics.TopicProvisioner;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 4, the schema registry down: a registry of its own (on the shared cluster, its own
 * schemas topic) is stopped for a while. Emits of event types whose subject the bus already
 * resolved keep working from the client's cache, and a subscriber keeps reading; an emit that
 * needs the registry (a subject never resolved by that bus: a new topic prefix) fails fast with a
 * retriable error naming the registry; when the registry is back on the same port and topic, that
 * emit succeeds on retry (same event id) and everything carries on with the same schema ids.
 */
@Order(4)
@ExtendWith(ReliabilityClusterExtension.class)
class RegistryOutageIT {
    /** A refused connection fails at once; the registry client's connect timeout (5 s) bounds the rest. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(6);
    /** How long the registry stays down. */
    private static final Duration MIN_OUTAGE = Duration.ofSeconds(10);

    @Test
    void cachedSubjectsKeepEmittingNewOnesFailFastAndAllResumesWhenTheRegistryReturns(ReliabilityCluster cluster)
            throws Exception {
        int perPhase = Scale.count(500, 5_000);
        int newSubjectAttempts = 10;
        SchemaRegistryServerConfig registryConfig = SchemaRegistryServerConfig.of(cluster.bootstrapServers())
                .withTopic(cluster.uniqueName("_schemas-outage"));
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(registryConfig);
        String registryUrl = registry.url();
        int port = registry.port();
        TopicLayout known = cluster.layout("registry-known");
        TopicLayout fresh = cluster.layout("registry-new");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            TopicProvisioner.provision(admin, fresh, Duration.ofSeconds(60)); // topics only: the registry never heard of them
        }
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        EventListener count = (event, delivery) ->
                handled.computeIfAbsent(event.eventId(), id -> new AtomicInteger()).incrementAndGet();
        List<DomainEvent> acknowledged = new ArrayList<>();
        List<Throwable> newSubjectFailures = new ArrayList<>();
        long maxFailMillis = 0;
        Duration recover;
        Duration outage;

        try (KafkaEventBus bus = KafkaEventBus.start(KafkaEventBusConfig.local(cluster.bootstrapServers(), registryUrl)
                .withTopics(known));
             KafkaEventBus newcomer = KafkaEventBus.start(KafkaEventBusConfig.local(cluster.bootstrapServers(), registryUrl)
                     .withTopics(fresh).withProvision(false));
             EventSubscriber subscriber = EventSubscriber.builder(SubscriberConfig.builder(cluster.bootstrapServers(),
                             registryUrl, cluster.uniqueName("registry-outage")).topicPrefix(known.prefix()).build())
                     .on(Domain.PLAN, count).on(Domain.TOOL, count).on(Domain.BUDGET, count)
                     .build().start()) {
            acknowledged.addAll(emitAll(bus, events(perPhase, EventType.PLAN_STARTED, EventType.TOOL_INVOKED)));
            await().atMost(Duration.ofMinutes(1)).until(() -> handled.size() >= acknowledged.size());

            registry.close();
            boolean registryUp = false;
            long down = System.nanoTime();
            try {
                // subjects this bus resolved (plan, tool by emitting; budget when it provisioned): from the cache,
                // in batches for as long as the outage lasts
                do {
                    acknowledged.addAll(emitAll(bus, events(perPhase / 5, EventType.PLAN_PAUSED, EventType.BUDGET_CONSUMED)));
                    Thread.sleep(500);
                } while (System.nanoTime() - down < MIN_OUTAGE.toNanos() / 2);

                // a subject never resolved by this bus needs the registry: fails fast, naming it, retriable
                List<DomainEvent> waiting = events(newSubjectAttempts, EventType.SESSION_STARTED, EventType.CONTEXT_UPDATED);
                for (DomainEvent event : waiting) {
                    long start = System.nanoTime();
                    try {
                        newcomer.emit(event).get(30, TimeUnit.SECONDS);
                        newSubjectFailures.add(null);
                    } catch (ExecutionException e) {
                        newSubjectFailures.add(e.getCause());
                    }
                    maxFailMillis = Math.max(maxFailMillis, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
                // a bus that must provision cannot start without the registry, and says which
                assertThatThrownBy(() -> KafkaEventBus.start(KafkaEventBusConfig.local(cluster.bootstrapServers(),
                        registryUrl).withTopics(cluster.layout("registry-start"))))
                        .isInstanceOf(EventBusException.class).hasMessageContaining(registryUrl);
                assertThat(subscriber.state()).isEqualTo(EventSubscriber.State.RUNNING);
                do {
                    acknowledged.addAll(emitAll(bus, events(perPhase / 5, EventType.TOOL_FAILED, EventType.BUDGET_ALLOCATED)));
                    Thread.sleep(500);
                } while (System.nanoTime() - down < MIN_OUTAGE.toNanos());
                await().atMost(Duration.ofMinutes(1)).until(() -> handled.size() >= acknowledged.size());
                outage = Duration.ofNanos(System.nanoTime() - down);

                // back on the same port and topic: the failed emit succeeds on retry, with the same event id
                long up = System.nanoTime();
                registry = restart(registryConfig.withPort(port));
                registryUp = true;
                DomainEvent retried = waiting.get(0);
                EmitResult landed = newcomer.emitAndWait(retried);
                recover = Duration.ofNanos(System.nanoTime() - up);
                assertThat(landed.eventId()).isEqualTo(retried.eventId());
                emitAll(newcomer, waiting.subList(1, waiting.size()));
            } finally {
                if (!registryUp) { // the outage part failed before the restart: bring it back for the rest
                    registry = restart(registryConfig.withPort(port));
                }
            }
            acknowledged.addAll(emitAll(bus, events(perPhase, EventType.PLAN_RESUMED, EventType.TOOL_SUCCEEDED)));
            await().atMost(Duration.ofMinutes(1)).until(() -> handled.size() >= acknowledged.size());
        } finally {
            registry.close();
        }

        long lost = acknowledged.stream().filter(event -> !handled.containsKey(event.eventId())).count();
        long duplicates = handled.values().stream().mapToLong(n -> n.get() - 1).sum();
        long failed = newSubjectFailures.stream().filter(java.util.Objects::nonNull).count();
        Figures.of("registry-outage").put("emitted", acknowledged.size() + newSubjectAttempts)
                .put("acknowledged", acknowledged.size())
                .put("failed", failed)
                .put("found", handled.size())
                .put("duplicates", duplicates)
                .put("lost", lost)
                .put("fail_after_max", Duration.ofMillis(maxFailMillis))
                .put("outage", outage)
                .put("recover", recover)
                .print();
        newSubjectFailures.stream().filter(java.util.Objects::nonNull).map(Throwable::getMessage).limit(1)
                .forEach(message -> System.out.println("  registry-outage: " + message));

        assertThat(newSubjectFailures).as("every emit needing the registry failed while it was down").doesNotContainNull();
        for (Throwable failure : newSubjectFailures) {
            assertThat(failure).isInstanceOf(EmitException.class).hasMessageContaining(registryUrl);
            assertThat(((EmitException) failure).retriable()).as("a registry outage is retriable").isTrue();
        }
        assertThat(maxFailMillis).as("emits needing the registry fail fast").isLessThanOrEqualTo(FAIL_FAST.toMillis());
        assertThat(lost).as("acknowledged events the subscriber never handled").isZero();
        assertThat(duplicates).as("events the subscriber handled twice").isZero();
    }

    /** Starts the registry again on the same port; the old socket may take a moment to be free. */
    private static EmbeddedSchemaRegistry restart(SchemaRegistryServerConfig config) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptionsInstanceOf(io.agentevents.local.LocalPlatformException.class)
                .until(() -> EmbeddedSchemaRegistry.start(config), started -> started != null);
    }

    private static List<DomainEvent> events(int count, EventType even, EventType odd) {
        List<DomainEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(DomainEvent.builder(i % 2 == 0 ? even : odd).source("registry-outage")
                    .planId("plan-" + (i % 20)).detail("seq", (long) i).detail("amount", 0.5).build());
        }
        return events;
    }

    /** Emits all, waits for all, returns them (every future must succeed). */
    private static List<DomainEvent> emitAll(KafkaEventBus bus, List<DomainEvent> events) {
        List<CompletableFuture<EmitResult>> sent = new ArrayList<>();
        events.forEach(event -> sent.add(bus.emit(event)));
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        return events;
    }
}
