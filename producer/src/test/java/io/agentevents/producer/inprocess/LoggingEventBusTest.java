package io.agentevents.producer.inprocess;

import io.agentevents.schemas.Redactor;
import io.agentevents.api.Subscription;
import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.EventBus;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.testing.EventFixtures;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static io.agentevents.producer.inprocess.InMemoryEventBusTest.failureOf;
import static io.agentevents.schemas.testing.EventFixtures.minimalEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoggingEventBusTest {
    private static final String AUDIT = LoggingEventBusConfig.DEFAULT_LOGGER_NAME;

    @Test
    void logsOneStructuredLineWithEveryFieldAtInfo() {
        DomainEvent event = EventFixtures.fullEvent();
        try (CapturedLog log = CapturedLog.capture(AUDIT, Level.INFO);
             LoggingEventBus bus = LoggingEventBus.create()) {

            bus.emitAndWait(event);

            assertThat(log.events()).singleElement().satisfies(line -> {
                assertThat(line.getLevel()).isEqualTo(Level.INFO);
                assertThat(line.getLoggerName()).isEqualTo("io.agentevents.audit");
                assertThat(line.getFormattedMessage()).isEqualTo("event_id=" + EventFixtures.EVENT_ID
                        + " type=plan.phase_changed correlation_id=" + EventFixtures.CORRELATION_ID
                        + " causation_id=01JGZ8K6S1Y3W5E7R9T2V4X6Z0 plan_id=plan-42 root_plan_id=plan-1"
                        + " session_id=session-7 actor=planner-1 project=apollo source=/agents/planner-1"
                        + " timestamp=2026-01-02T03:04:05.123456Z"
                        + " details={\"from_phase\":\"planning\",\"to_phase\":\"executing\",\"steps\":[{\"name\":\"search\","
                        + "\"attempt\":2,\"score\":0.75,\"done\":true,\"note\":null},\"free text\",7],\"limits\":{\"tokens\":4096}}");
            });
        }
    }

    @Test
    void leavesOutUnsetFieldsAndQuotesValuesThatNeedIt() {
        DomainEvent event = DomainEvent.builder(EventType.SESSION_STARTED)
                .source("agent \"alpha\" = 1").actorName("C:\\agents\\alpha").build();
        try (CapturedLog log = CapturedLog.capture(AUDIT, Level.INFO);
             LoggingEventBus bus = LoggingEventBus.create()) {

            bus.emitAndWait(event);

            String line = log.messages().get(0);
            assertThat(line).doesNotContain("causation_id").doesNotContain("plan_id").doesNotContain("session_id=")
                    .doesNotContain("project=")
                    .contains(" actor=\"C:\\\\agents\\\\alpha\" ")
                    .contains(" source=\"agent \\\"alpha\\\" = 1\" ")
                    .endsWith(" details={}")
                    .doesNotContain("\n");
        }
    }

    @Test
    void returnsResultsLikeTheInMemoryBusAndRefusesWhatTheContractRefuses() {
        LoggingEventBus bus = LoggingEventBus.create(LoggingEventBusConfig.defaults().withTopicPrefix("acme"));
        try (CapturedLog log = CapturedLog.capture(AUDIT, Level.INFO)) {
            DomainEvent first = minimalEvent(EventType.TOOL_INVOKED);
            DomainEvent second = minimalEvent(EventType.PLAN_CREATED);

            assertThat(bus.emitAll(List.of(first, second)).join()).containsExactly(
                    new EmitResult("acme.tool", 0, 0, first.eventId()),
                    new EmitResult("acme.plan", 0, 1, second.eventId()));

            EmitException unknown = failureOf(bus.emit(minimalEvent(EventType.UNKNOWN)));
            assertThat(unknown.retriable()).isFalse();
            assertThat(unknown.getMessage()).contains("UNKNOWN");
            bus.close();
            bus.close();
            EmitException closed = failureOf(bus.emit(minimalEvent(EventType.TOOL_INVOKED)));
            assertThat(closed.retriable()).isFalse();
            assertThat(closed.getMessage()).contains("closed");
            assertThat(log.events()).hasSize(2); // refused events are not logged
        }
    }

    @Test
    void usesTheConfiguredLoggerAndLevelAndFormatsNothingWhenDisabled() {
        LoggingEventBusConfig config = LoggingEventBusConfig.defaults()
                .withLoggerName("acme.audit").withLevel(org.slf4j.event.Level.DEBUG);
        try (CapturedLog log = CapturedLog.capture("acme.audit", Level.DEBUG);
             LoggingEventBus bus = LoggingEventBus.create(config)) {
            bus.emitAndWait(minimalEvent(EventType.CONTEXT_UPDATED));

            assertThat(log.events()).singleElement()
                    .satisfies(line -> assertThat(line.getLevel()).isEqualTo(Level.DEBUG));
        }
        try (CapturedLog log = CapturedLog.capture("acme.audit", Level.INFO);
             LoggingEventBus bus = LoggingEventBus.create(config)) {
            EmitResult result = bus.emitAndWait(minimalEvent(EventType.CONTEXT_UPDATED));

            assertThat(result.offset()).isZero();
            assertThat(log.events()).isEmpty();
        }
    }

    @Test
    void aLoggingOnlyBusCannotSubscribe() {
        try (LoggingEventBus bus = LoggingEventBus.create()) {
            assertThat(bus.delegate()).isEmpty();
            assertThatThrownBy(() -> bus.subscribe(EventType.PLAN_CREATED, (event, delivery) -> { }))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("only logs events").hasMessageContaining("wrapping");
            assertThatThrownBy(() -> bus.subscribe(Domain.PLAN, (event, delivery) -> { }))
                    .isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void aWrappingBusLogsThenEmitsThroughItsDelegateAndReturnsItsResult() {
        InMemoryEventBus delegate = new InMemoryEventBus();
        delegate.emitAndWait(minimalEvent(EventType.PLAN_CREATED)); // so the delegate's offsets differ from ours
        List<DomainEvent> delivered = new ArrayList<>();
        try (CapturedLog log = CapturedLog.capture(AUDIT, Level.INFO);
             LoggingEventBus bus = LoggingEventBus.wrapping(delegate)) {
            Subscription byType = bus.subscribe(EventType.DECISION_CREATED, (event, delivery) -> delivered.add(event));
            bus.subscribe(Domain.DECISION, (event, delivery) -> delivered.add(event));
            bus.subscribeAll((event, delivery) -> delivered.add(event));
            DomainEvent decision = minimalEvent(EventType.DECISION_CREATED);

            EmitResult result = bus.emitAndWait(decision);

            assertThat(result).isEqualTo(new EmitResult("events.decision", 0, 1, decision.eventId()));
            assertThat(delegate.emitted()).endsWith(decision);
            assertThat(delivered).containsExactly(decision, decision, decision);
            assertThat(byType.isActive()).isTrue();
            assertThat(log.messages()).singleElement().satisfies(line -> assertThat(line).contains(decision.eventId()));
            assertThat(bus.delegate()).containsSame(delegate);
        }
        assertThat(delegate.isClosed()).as("closing the decorator closes its delegate").isTrue();
    }

    @Test
    void aFailedDelegateEmitIsReturnedAndLoggedAtWarn() {
        InMemoryEventBus delegate = new InMemoryEventBus();
        delegate.close();
        try (CapturedLog log = CapturedLog.capture(AUDIT, Level.INFO);
             LoggingEventBus bus = LoggingEventBus.wrapping(delegate)) {
            DomainEvent event = minimalEvent(EventType.TOOL_FAILED);

            CompletableFuture<EmitResult> result = bus.emit(event);

            assertThat(failureOf(result).getMessage()).contains("closed");
            assertThat(log.events(Level.INFO)).hasSize(1);
            assertThat(log.events(Level.WARN)).singleElement().extracting(ILoggingEvent::getFormattedMessage)
                    .satisfies(line -> assertThat(line).contains("event_id=" + event.eventId())
                            .contains("emit_failed=true").contains("retriable=false").contains("closed"));
        }
    }

    @Test
    void theBlockingEmitUsesTheDelegatesOwnWait() {
        AtomicInteger blockingCalls = new AtomicInteger();
        InMemoryEventBus inner = new InMemoryEventBus();
        EventBus delegate = new EventBus() {
            @Override
            public CompletableFuture<EmitResult> emit(DomainEvent event) {
                return inner.emit(event);
            }

            @Override
            public EmitResult emitAndWait(DomainEvent event) {
                blockingCalls.incrementAndGet();
                return inner.emitAndWait(event, Duration.ofSeconds(1));
            }

            @Override
            public void close() {
                inner.close();
            }
        };
        try (CapturedLog log = CapturedLog.capture(AUDIT, Level.INFO);
             LoggingEventBus bus = LoggingEventBus.wrapping(delegate)) {
            bus.emitAndWait(minimalEvent(EventType.BUDGET_ALLOCATED));

            assertThat(blockingCalls).hasValue(1);
            assertThat(log.events()).hasSize(1);
            assertThatThrownBy(() -> bus.emitAndWait(minimalEvent(EventType.UNKNOWN)))
                    .isInstanceOf(EmitException.class).hasMessageContaining("UNKNOWN");
            assertThat(blockingCalls).hasValue(1);
            // the delegate only emits (as a KafkaEventBus does): subscribing is refused, naming the way to subscribe
            assertThatThrownBy(() -> bus.subscribeAll((event, delivery) -> { }))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("only emits").hasMessageContaining("EventSubscriber");
        }
    }

    @Test
    void secretsAtAnyDepthNeverReachTheLogAndTheEventIsUnchanged() {
        Map<String, Object> db = new LinkedHashMap<>();
        db.put("host", "db.internal");
        db.put("Password", "s3cr3t-nested-map");
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("name", "x");
        header.put("Authorization", "Bearer s3cr3t-in-list");
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("password", "s3cr3t-top-level");
        details.put("db", db);
        details.put("requests", List.of(Map.of("headers", List.of(header)), "plain"));
        details.put("API_KEY", "s3cr3t-upper-case");
        details.put("X-Api-Key", "s3cr3t-header-style");
        details.put("client_secret", "s3cr3t-containing");
        details.put("Cookie", List.of("session=s3cr3t-cookie-list"));
        details.put("refresh_token", Map.of("value", "s3cr3t-token-map"));
        details.put("max_tokens", 4096L);
        details.put("goal", "ship it");
        DomainEvent event = DomainEvent.builder(EventType.TOOL_INVOKED).source("tool-runner").details(details).build();
        DomainEvent copy = event.toBuilder().build();

        try (CapturedLog everything = CapturedLog.everything();
             CapturedLog audit = CapturedLog.capture(AUDIT, Level.INFO);
             LoggingEventBus bus = LoggingEventBus.create()) {
            bus.emitAndWait(event);

            assertThat(everything.fullText()).doesNotContain("s3cr3t");
            String line = audit.messages().get(0);
            assertThat(line).doesNotContain("s3cr3t")
                    .contains("\"password\":\"***\"")
                    .contains("\"db\":{\"host\":\"db.internal\",\"Password\":\"***\"}")
                    .contains("{\"name\":\"x\",\"Authorization\":\"***\"}")
                    .contains("\"API_KEY\":\"***\"").contains("\"X-Api-Key\":\"***\"")
                    .contains("\"client_secret\":\"***\"").contains("\"Cookie\":\"***\"")
                    .contains("\"refresh_token\":\"***\"")
                    .contains("\"max_tokens\":4096").contains("\"goal\":\"ship it\"");
        }
        assertThat(event).isEqualTo(copy);
        assertThat(event.details().get("password")).isEqualTo("s3cr3t-top-level");
        assertThat(((Map<?, ?>) event.details().get("db")).get("Password")).isEqualTo("s3cr3t-nested-map");
    }

    @Test
    void aCustomRedactorIsUsed() {
        LoggingEventBusConfig config = LoggingEventBusConfig.defaults().withRedactor(Redactor.of("ssn"));
        DomainEvent event = DomainEvent.builder(EventType.ACTOR_REGISTERED).source("hr")
                .detail("customer_ssn", "123-45-6789").detail("password", "visible-with-this-redactor").build();
        try (CapturedLog audit = CapturedLog.capture(AUDIT, Level.INFO);
             LoggingEventBus bus = LoggingEventBus.create(config)) {
            bus.emitAndWait(event);

            assertThat(audit.messages().get(0)).doesNotContain("123-45-6789").contains("\"customer_ssn\":\"***\"")
                    .contains("visible-with-this-redactor");
        }
    }

    @Test
    void validatesItsConfiguration() {
        LoggingEventBusConfig defaults = LoggingEventBusConfig.defaults();
        assertThat(defaults.loggerName()).isEqualTo("io.agentevents.audit");
        assertThat(defaults.level()).isEqualTo(org.slf4j.event.Level.INFO);
        assertThat(defaults.redactor()).isEqualTo(Redactor.defaults());
        assertThatThrownBy(() -> defaults.withLoggerName(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loggerName");
        assertThatThrownBy(() -> defaults.withLevel(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("level");
        assertThatThrownBy(() -> defaults.withTopicPrefix("no/slashes")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no/slashes");
        assertThatThrownBy(() -> LoggingEventBus.wrapping(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("delegate");
    }
}
