package io.agentevents.consumer.features;

import io.agentevents.api.Delivery;
import io.agentevents.api.EventListener;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.local.testing.SharedPlatform;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.EventBus;
import io.agentevents.producer.inprocess.InMemoryEventBus;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import io.cucumber.java.After;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Thin steps of listeners.feature: the same listeners on an {@link InMemoryEventBus} (subscribed
 * to it) or on Kafka (a {@link KafkaEventBus} emits, an {@link EventSubscriber} with a group of
 * its own per listener receives).
 */
public class ListenerSteps {
    private final List<DomainEvent> received = new CopyOnWriteArrayList<>();
    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    private final Map<String, EmitResult> landed = new ConcurrentHashMap<>();
    private final List<EventSubscriber> subscribers = new ArrayList<>();
    private EventBus bus;
    private InMemoryEventBus inMemory;
    private TopicLayout layout;

    @Given("an event bus on {word}")
    public void anEventBusOn(String kind) {
        inMemory = kind.equals("in-memory") ? new InMemoryEventBus() : null;
        bus = inMemory != null ? inMemory : kafkaBus();
    }

    /** A Kafka bus on topics of this scenario's own (a prefix of its own). */
    private EventBus kafkaBus() {
        TestPlatform platform = SharedPlatform.get();
        layout = TopicLayout.local(1).withPrefix("l" + UUID.randomUUID().toString().substring(0, 8) + ".events");
        return KafkaEventBus.start(KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withTopics(layout));
    }

    @Given("a listener to {string}")
    public void aListenerTo(String type) {
        listen(EventType.parse(type), null, (event, delivery) -> {
            received.add(event);
            deliveries.put(event.eventId(), delivery);
        });
    }

    @Given("a listener to the domain {string}")
    public void aListenerToTheDomain(String domain) {
        listen(null, Domain.fromWireName(domain), (event, delivery) -> received.add(event));
    }

    @Given("a listener to {string} that always fails")
    public void aFailingListenerTo(String type) {
        listen(EventType.parse(type), null, (event, delivery) -> {
            throw new IllegalStateException("handler broke on " + event.eventId());
        });
    }

    @When("the decider emits a {string} event and a {string} event")
    public void theDeciderEmitsTwo(String first, String second) {
        for (String type : List.of(first, second)) {
            DomainEvent event = DomainEvent.builder(EventType.parse(type)).source("decider").build();
            landed.put(event.eventId(), bus.emitAndWait(event, Duration.ofSeconds(30)));
        }
    }

    @Then("the listener received only the {string} event")
    public void theListenerReceivedOnly(String type) {
        // Kafka delivers asynchronously: wait for the event, then check nothing else came
        await().atMost(Duration.ofSeconds(30)).until(() -> !received.isEmpty());
        assertThat(received).extracting(DomainEvent::type).containsExactly(EventType.parse(type));
    }

    @Then("the listener was told where it landed, as a first attempt and not a replay")
    public void theListenerWasToldWhereItLanded() {
        DomainEvent event = received.get(0);
        EmitResult where = landed.get(event.eventId());
        assertThat(deliveries.get(event.eventId())).satisfies(delivery -> {
            assertThat(delivery.topic()).isEqualTo(where.topic());
            assertThat(delivery.partition()).isEqualTo(where.partition());
            assertThat(delivery.offset()).isEqualTo(where.offset());
            assertThat(delivery.attempt()).isEqualTo(1);
            assertThat(delivery.replayed()).isFalse();
        });
    }

    @Then("the failure of the failing listener is reported")
    public void theFailureIsReported() {
        assertThat(inMemory.failures()).hasSize(1);
        assertThat(inMemory.failures().get(0).toString()).contains("handler broke");
    }

    @After
    public void close() {
        subscribers.forEach(EventSubscriber::close);
        if (bus != null) {
            bus.close();
        }
    }

    /** Subscribes on the in-process bus, or starts a subscriber in a group of its own on Kafka. */
    private void listen(EventType type, Domain domain, EventListener listener) {
        if (inMemory != null) {
            if (type != null) {
                inMemory.subscribe(type, listener);
            } else {
                inMemory.subscribe(domain, listener);
            }
            return;
        }
        TestPlatform platform = SharedPlatform.get();
        EventSubscriber.Builder builder = EventSubscriber.builder(SubscriberConfig.builder(platform.bootstrapServers(),
                platform.schemaRegistryUrl(), "listeners-" + UUID.randomUUID()).topicPrefix(layout.prefix()).build());
        if (type != null) {
            builder.on(type, listener);
        } else {
            builder.on(domain, listener);
        }
        subscribers.add(builder.build().start());
    }
}
