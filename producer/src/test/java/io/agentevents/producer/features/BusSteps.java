package io.agentevents.producer.features;

import io.agentevents.local.testing.SharedPlatform;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.EventBus;
import io.agentevents.producer.inprocess.InMemoryEventBus;
import io.agentevents.producer.inprocess.InMemoryEventBusConfig;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.serde.DomainEventDeserializer;
import io.agentevents.schemas.topics.TopicLayout;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Thin steps: the bus under test and what it stored. */
public class BusSteps {
    private final List<DomainEvent> emitted = new ArrayList<>();
    private EventBus bus;
    private InMemoryEventBus inMemory;
    private TopicLayout layout;
    private EmitResult lastResult;
    private Throwable lastFailure;

    @Given("an event bus on {word}")
    public void anEventBusOn(String kind) {
        // topic names in the scenarios use the default prefix; on Kafka each scenario gets its own prefix
        if (kind.equals("in-memory")) {
            layout = TopicLayout.local(1);
            inMemory = new InMemoryEventBus();
            bus = inMemory;
        } else {
            TestPlatform platform = SharedPlatform.get();
            layout = TopicLayout.local(1).withPrefix("f" + UUID.randomUUID().toString().substring(0, 8) + ".events");
            bus = KafkaEventBus.start(KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl())
                    .withTopics(layout));
        }
    }

    @Given("an event bus on in-memory that completes emits only when told")
    public void anInMemoryBusCompletingOnlyWhenTold() {
        layout = TopicLayout.local(1);
        inMemory = new InMemoryEventBus(InMemoryEventBusConfig.defaults().withAutoComplete(false));
        bus = inMemory;
    }

    @When("the planner emits a {string} event for plan {string}")
    public void thePlannerEmits(String type, String planId) {
        emit(DomainEvent.builder(EventType.parse(type)).source("planner").planId(planId).build());
    }

    @When("the planner emits {int} {string} events under one correlation id")
    public void thePlannerEmitsMany(int count, String type) {
        String correlation = DomainEvent.newId();
        for (int i = 0; i < count; i++) {
            emit(DomainEvent.builder(EventType.parse(type)).source("planner").correlationId(correlation)
                    .detail("n", i).build());
        }
    }

    @When("the planner emits a {string} event for plan {string} and the bus fails it with a broker timeout")
    public void thePlannerEmitsAndTheBusFailsIt(String type, String planId) {
        CompletableFuture<EmitResult> emit = bus.emit(DomainEvent.builder(EventType.parse(type)).source("planner")
                .planId(planId).build());
        assertThat(emit).isNotDone();
        assertThat(inMemory.failNext(new TimeoutException("Expiring 1 record(s) for events.plan-0"))).isTrue();
        lastFailure = emit.handle((result, failure) -> failure).join();
    }

    @When("someone emits an event of type UNKNOWN")
    public void someoneEmitsUnknown() {
        lastFailure = bus.emit(DomainEvent.builder(EventType.UNKNOWN).source("someone").build())
                .handle((result, failure) -> failure).join();
    }

    @Then("the event is acknowledged on the topic {string}")
    public void acknowledgedOn(String topic) {
        assertThat(lastResult.topic()).isEqualTo(layout.topic(domainOf(topic)));
        assertThat(lastResult.eventId()).isEqualTo(emitted.get(emitted.size() - 1).eventId());
    }

    @Then("the stored events of {string} are exactly that event")
    public void storedExactlyThatEvent(String topic) {
        assertThat(stored(topic, 1)).containsExactly(emitted.get(emitted.size() - 1));
    }

    @Then("the stored events of {string} are in the order they were emitted")
    public void storedInOrder(String topic) {
        assertThat(stored(topic, emitted.size())).containsExactlyElementsOf(emitted);
    }

    @Then("^the emit fails, (retriable|not retriable), with a message containing \"([^\"]*)\"$")
    public void theEmitFails(String retriable, String text) {
        assertThat(lastFailure).isInstanceOfSatisfying(EmitException.class,
                e -> assertThat(e.retriable()).isEqualTo(retriable.equals("retriable"))).hasMessageContaining(text);
    }

    @Then("nothing is stored on any topic")
    public void nothingStored() {
        for (Domain domain : Domain.values()) {
            assertThat(stored(domain.topic(), 0)).isEmpty();
        }
    }

    @After
    public void closeBus() {
        if (bus != null) {
            bus.close();
        }
    }

    private void emit(DomainEvent event) {
        emitted.add(event);
        lastResult = bus.emitAndWait(event, Duration.ofSeconds(30));
    }

    private static Domain domainOf(String defaultTopic) {
        return Domain.fromWireName(defaultTopic.substring(defaultTopic.lastIndexOf('.') + 1));
    }

    /** The events stored under a default-prefix topic name: the bus history, or the Kafka topic read back. */
    private List<DomainEvent> stored(String defaultTopic, int expected) {
        Domain domain = domainOf(defaultTopic);
        if (inMemory != null) {
            return inMemory.emitted().stream().filter(event -> event.domain() == domain).toList();
        }
        TestPlatform platform = SharedPlatform.get();
        String topic = layout.topic(domain);
        List<DomainEvent> events = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.bootstrapServers()), new StringDeserializer(), new ByteArrayDeserializer());
             var deserializer = new DomainEventDeserializer()) {
            deserializer.configure(Map.of("schema.registry.url", platform.schemaRegistryUrl()), false);
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline && partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(record ->
                        events.add(deserializer.deserialize(record.topic(), record.value())));
            }
        }
        assertThat(events.size()).as("events read back from %s", topic).isGreaterThanOrEqualTo(expected);
        return events;
    }
}
