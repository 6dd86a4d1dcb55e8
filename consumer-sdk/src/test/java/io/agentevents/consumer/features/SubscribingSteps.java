package io.agentevents.consumer.features;

import io.agentevents.api.EventListener;
import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.SharedPlatform;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.local.testing.TopicRecords;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.schemas.topics.TopicLayout;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Thin steps over a real broker: write a stream, subscribe, look at what arrived and what was dead-lettered. */
public class SubscribingSteps {
    private final List<DomainEvent> written = new ArrayList<>();
    private final ConcurrentLinkedQueue<DomainEvent> received = new ConcurrentLinkedQueue<>();
    private EventTopics topics;
    private EventSubscriber subscriber;
    private DomainEvent failing;

    /** The JVM's one test platform, shared with the JUnit tests (the test kit's). */
    static TestPlatform platform() {
        return SharedPlatform.get();
    }

    @Given("a stream of {int} {string} events and {int} {string} events over {int} correlation ids")
    public void aStreamOfTwoTypes(int count, String type, int otherCount, String otherType, int keys) {
        provision();
        write(events(count, EventType.parse(type), keys));
        write(events(otherCount, EventType.parse(otherType), keys));
    }

    @Given("a stream of {int} {string} events over {int} correlation ids")
    public void aStream(int count, String type, int keys) {
        provision();
        write(events(count, EventType.parse(type), keys));
    }

    @Given("{int} records that are not in the event wire format among them")
    public void badRecords(int count) {
        String topic = topics.layout().topic(written.get(0).domain());
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(new ProducerRecord<>(topic, "bad-" + i, ("not avro " + i).getBytes()));
        }
        topics.sendAll(records);
    }

    @When("a subscriber to the type {string} reads them with {int} handler(s)")
    public void aSubscriberToTheType(String type, int handlers) {
        subscriber = EventSubscriber.builder(config().toBuilder().maxConcurrency(handlers).build())
                .on(EventType.parse(type), record()).build().start();
    }

    @When("a subscriber to the domain {string} reads them with {int} handler(s)")
    public void aSubscriberToTheDomain(String domain, int handlers) {
        subscriber = EventSubscriber.builder(config().toBuilder().maxConcurrency(handlers).build())
                .on(Domain.fromWireName(domain), record()).build().start();
    }

    @When("a subscriber to the type {string} whose handler always fails on one of them reads them")
    public void aSubscriberWithAFailingHandler(String type) {
        failing = written.get(0);
        subscriber = EventSubscriber.builder(config().toBuilder().retries(3, Duration.ofMillis(10), Duration.ofMillis(50)).build())
                .on(EventType.parse(type), (event, delivery) -> {
                    if (event.eventId().equals(failing.eventId())) {
                        throw new IllegalStateException("this one always fails");
                    }
                    received.add(event);
                }).build().start();
    }

    @Then("it receives the {int} {string} events")
    public void itReceives(int count, String type) {
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= count);
        assertThat(received).hasSize(count).allMatch(event -> event.type() == EventType.parse(type));
    }

    @Then("it receives the {int} events of the domain")
    public void itReceivesTheDomain(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= count);
        assertThat(received).containsExactlyInAnyOrderElementsOf(written);
    }

    @Then("it receives the {int} other events")
    public void itReceivesTheOthers(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> received.size() >= count);
        assertThat(received).hasSize(count).doesNotContain(failing);
    }

    @Then("the events of each correlation id arrive in the order they were written")
    public void inOrderPerCorrelationId() {
        for (String key : written.stream().map(DomainEvent::correlationId).distinct().toList()) {
            List<DomainEvent> expected = written.stream()
                    .filter(event -> event.correlationId().equals(key) && received.contains(event)).toList();
            assertThat(received.stream().filter(event -> event.correlationId().equals(key)).toList())
                    .containsExactlyElementsOf(expected);
        }
    }

    @Then("the {int} bad records are in the dead-letter topic, marked {string}")
    public void badRecordsDeadLettered(int count, String reason) {
        List<ConsumerRecord<String, byte[]>> letters = deadLetters(count);
        assertThat(letters).hasSize(count).allSatisfy(letter -> assertThat(
                CloudEventHeaders.get(letter.headers(), DeadLetterHeaders.REASON)).contains(reason));
    }

    @Then("the failing event is in the dead-letter topic after {int} attempts, marked {string}")
    public void failingEventDeadLettered(int attempts, String reason) {
        List<ConsumerRecord<String, byte[]>> letters = deadLetters(1);
        assertThat(letters).hasSize(1);
        assertThat(CloudEventHeaders.get(letters.get(0).headers(), CloudEventHeaders.ID)).contains(failing.eventId());
        assertThat(CloudEventHeaders.get(letters.get(0).headers(), DeadLetterHeaders.ATTEMPTS)).contains(Integer.toString(attempts));
        assertThat(CloudEventHeaders.get(letters.get(0).headers(), DeadLetterHeaders.REASON)).contains(reason);
    }

    @Then("the subscriber is still running")
    public void stillRunning() {
        assertThat(subscriber.state()).isEqualTo(EventSubscriber.State.RUNNING);
    }

    @After
    public void close() {
        if (subscriber != null) {
            subscriber.close();
        }
        if (topics != null) {
            topics.close();
        }
    }

    private EventListener record() {
        return (event, delivery) -> received.add(event);
    }

    private SubscriberConfig config() {
        return SubscriberConfig.builder(platform().bootstrapServers(), platform().schemaRegistryUrl(),
                "group-" + UUID.randomUUID()).topicPrefix(topics.layout().prefix()).build();
    }

    private void provision() {
        topics = EventTopics.provision(platform(), "c", TopicLayout.local(1).partitions());
    }

    private static List<DomainEvent> events(int count, EventType type, int keys) {
        List<DomainEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(DomainEvent.builder(type).source("feature").correlationId("key-" + (i % keys)).detail("n", i).build());
        }
        return events;
    }

    private void write(List<DomainEvent> events) {
        topics.writeAll(events);
        written.addAll(events);
    }

    private List<ConsumerRecord<String, byte[]>> deadLetters(int expected) {
        String topic = topics.layout().deadLetterTopic(written.get(0).domain());
        return TopicRecords.on(platform(), topic).readFromBeginning(expected, Duration.ofSeconds(60));
    }
}
