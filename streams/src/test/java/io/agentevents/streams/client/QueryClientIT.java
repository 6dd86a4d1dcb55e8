package io.agentevents.streams.client;

import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.app.ProjectionsApp;
import io.agentevents.streams.app.ProjectionsFixtures;
import io.agentevents.streams.model.AuditEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The client against a real {@link ProjectionsApp} on the shared embedded broker. */
@ExtendWith(SharedPlatformExtension.class)
class QueryClientIT {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

    @Test
    void readsPlansTreesTrailsRatesAndHealthIntoTheModelTypes(TestPlatform platform) {
        TopicLayout layout = ProjectionsFixtures.layout(platform, "client");
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout);
             ProjectionsApp app = ProjectionsApp.start(ProjectionsFixtures.config(platform, layout));
             QueryClient client = QueryClient.connect(app.url(), Duration.ofSeconds(60))) {
            // the answer that said RUNNING is the one read (a follow-up rebalance may come right after it)
            Health health = await().atMost(Duration.ofSeconds(60)).until(client::health, Health::running);
            assertThat(health.status()).isEqualTo("RUNNING");
            assertThat(health.skipped().undecodableRecords()).isZero();

            DomainEvent created = DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId("root-1")
                    .rootPlanId("root-1").build();
            bus.emitAndWait(created);
            bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId("child-1")
                    .rootPlanId("root-1").detail("parent_plan_id", "root-1").causedBy(created).build());
            bus.emitAndWait(DomainEvent.builder(EventType.BUDGET_ALLOCATED).source("planner").planId("root-1")
                    .rootPlanId("root-1").detail("amount", 2.5).causedBy(created).build());
            // emitted in a trace (a handler's, say): its audit entry shows the trace id (issue 14)
            EmitResult last;
            try (io.opentelemetry.context.Scope trace = io.opentelemetry.api.trace.Span.wrap(
                    io.opentelemetry.api.trace.SpanContext.create(TRACE, "00f067aa0ba902b7",
                            io.opentelemetry.api.trace.TraceFlags.getSampled(),
                            io.opentelemetry.api.trace.TraceState.getDefault())).makeCurrent()) {
                last = bus.emitAndWait(DomainEvent.builder(EventType.TOOL_INVOKED).source("runner").planId("root-1")
                        .rootPlanId("root-1").causedBy(created).build());
            }
            String position = last.topic() + "-" + last.partition() + ":" + last.offset();

            PlanAnswer plan = client.plan("root-1", position, Duration.ofSeconds(30)).orElseThrow();
            assertThat(plan.freshness().caughtUp()).isTrue();
            assertThat(plan.freshness().includes(last.topic() + "-" + last.partition(), last.offset())).isTrue();
            assertThat(plan.plan().toolCalls()).isEqualTo(1);
            assertThat(plan.plan().budgetAllocated()).isEqualTo(2.5);
            assertThat(plan.plan().status()).isEqualTo("created");
            assertThat(plan.freshness().servedBy()).isNotBlank();

            TrailAnswer trail = client.auditOfCorrelation(created.correlationId(), position, Duration.ofSeconds(30)).orElseThrow();
            assertThat(trail.key()).isEqualTo(created.correlationId());
            assertThat(trail.trail().entries()).extracting(AuditEntry::eventType)
                    .containsExactly("plan.created", "plan.created", "budget.allocated", "tool.invoked");
            assertThat(trail.trail().entries().get(0).eventId()).isEqualTo(created.eventId());
            assertThat(trail.trail().entries()).extracting(AuditEntry::traceId).containsExactly(null, null, null, TRACE);
            assertThat(trail.freshness().caughtUp()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.auditOfPlan("root-1").map(t -> t.trail().entries().size())
                    .orElse(0) == 3);

            await().atMost(Duration.ofSeconds(30)).until(() -> client.plansOfRoot("root-1").map(t -> t.plans().size()).orElse(0) == 2);
            assertThat(client.plansOfRoot("root-1").orElseThrow().plans()).extracting(s -> s.planId())
                    .containsExactly("child-1", "root-1");
            assertThat(client.plan("no-such-plan")).isEmpty();

            // a tree read waiting for its own write: the new child is in the answer, which says caughtUp
            EmitResult child = bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId("child-2")
                    .rootPlanId("root-1").detail("parent_plan_id", "root-1").causedBy(created).build());
            RawAnswer tree = client.get(QueryPath.plansOfRoot("root-1")
                    .waitingFor(child.topic() + "-" + child.partition() + ":" + child.offset(), Duration.ofSeconds(30)));
            assertThat(tree.status()).isEqualTo(200);
            assertThat(tree.body()).contains("\"planId\":\"child-2\"").contains("\"caughtUp\":true");
            RawAnswer notYet = client.get(QueryPath.plansOfRoot("root-1")
                    .waitingFor(child.topic() + "-" + child.partition() + ":" + (child.offset() + 1000), Duration.ofMillis(300)));
            assertThat(notYet.body()).contains("\"caughtUp\":false");

            await().atMost(Duration.ofSeconds(30)).until(() -> client.rates(EventType.TOOL_INVOKED, null, null).windows().size() == 1);
            Rates rates = client.rates(EventType.TOOL_INVOKED, Instant.now().minus(Duration.ofHours(1)), Instant.now().plusSeconds(60));
            assertThat(rates.type()).isEqualTo("tool.invoked");
            assertThat(rates.windows().get(0).count()).isEqualTo(1);

            assertThatThrownBy(() -> client.rates(EventType.TOOL_INVOKED, Instant.now(), Instant.now().minusSeconds(60)))
                    .isInstanceOfSatisfying(QueryApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.error()).contains("is after");
                    });
        }
    }
}
