package io.agentevents.streams.app;

import io.agentevents.local.testing.EventTopics;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.streams.topology.ProjectionsTopology;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Events whose record key the reading task owns skip the internal topic; all others still go through
 * it, and both end up in the same trails, plans and trees. On the shared embedded broker, three
 * partitions a topic.
 */
@ExtendWith(SharedPlatformExtension.class)
class InPlaceRoutingIT {
    private static final int PARTITIONS = 3;

    @Test
    void ownedKeysAreAppliedWhereReadAndEverythingElseThroughTheInternalTopicWithTheSameResult(TestPlatform platform) {
        try (EventTopics topics = EventTopics.provision(platform, "in-place", PARTITIONS);
             ProjectionsApp app = ProjectionsApp.start(ProjectionsFixtures.config(platform, topics.layout()))) {
            // root plan A keyed by its own id (its correlation id): every role of its events is for the record key
            String a = "in-place-a";
            DomainEvent created = DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId(a).rootPlanId(a)
                    .correlationId(a).build();
            List<DomainEvent> ownedEvents = List.of(created,
                    DomainEvent.builder(EventType.PLAN_STARTED).source("planner").planId(a).rootPlanId(a).causedBy(created).build(),
                    DomainEvent.builder(EventType.TOOL_INVOKED).source("runner").planId(a).rootPlanId(a).causedBy(created).build(),
                    DomainEvent.builder(EventType.DECISION_APPROVED).source("d").planId(a).rootPlanId(a).causedBy(created).build());
            // sub-plan B of A, keyed by A: the correlation and tree roles are for the key, B's own are not
            String b = "in-place-b";
            DomainEvent childCreated = DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId(b).rootPlanId(a)
                    .correlationId(a).detail("parent_plan_id", a).build();
            List<DomainEvent> childEvents = List.of(childCreated,
                    DomainEvent.builder(EventType.TOOL_INVOKED).source("runner").planId(b).rootPlanId(a).causedBy(childCreated).build());
            // plan C keyed by its id but written to a partition that does not own the key (a custom partitioner)
            String c = "in-place-c";
            DomainEvent cCreated = DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId(c).rootPlanId(c)
                    .correlationId(c).build();
            List<DomainEvent> misplacedEvents = List.of(cCreated,
                    DomainEvent.builder(EventType.PLAN_STARTED).source("planner").planId(c).rootPlanId(c).causedBy(cCreated).build(),
                    DomainEvent.builder(EventType.PLAN_COMPLETED).source("planner").planId(c).rootPlanId(c).causedBy(cCreated).build());
            int owner = BuiltInPartitioner.partitionForKey(c.getBytes(StandardCharsets.UTF_8), PARTITIONS);
            List<ProducerRecord<String, byte[]>> misplaced = new ArrayList<>();
            for (DomainEvent event : misplacedEvents) {
                ProducerRecord<String, byte[]> record = topics.record(event);
                misplaced.add(new ProducerRecord<>(record.topic(), (owner + 1) % PARTITIONS, record.key(), record.value(),
                        record.headers()));
            }
            topics.writeAll(ownedEvents);
            topics.writeAll(childEvents);
            topics.sendAll(misplaced);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(eventCount(app, a)).isEqualTo(4);
                assertThat(eventCount(app, b)).isEqualTo(2);
                assertThat(eventCount(app, c)).isEqualTo(3);
            });
            assertThat(ApiClient.get(app.url() + "/plans/" + c).body().at("/plan/status").asText()).isEqualTo("completed");
            assertThat(ApiClient.get(app.url() + "/plans/" + a).body().at("/plan/childPlanIds").toString()).contains(b);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                List<String> members = new ArrayList<>();
                ApiClient.get(app.url() + "/plans?rootPlanId=" + a).body().get("plans")
                        .forEach(plan -> members.add(plan.get("planId").asText()));
                assertThat(members).containsExactlyInAnyOrder(a, b);
            });
            assertThat(auditIds(app, a)).containsExactlyInAnyOrderElementsOf(
                    List.of(created.eventId(), ownedEvents.get(1).eventId(), ownedEvents.get(2).eventId(),
                            ownedEvents.get(3).eventId(), childCreated.eventId(), childEvents.get(1).eventId()));
            assertThat(auditIds(app, c)).containsExactlyInAnyOrderElementsOf(misplacedEvents.stream().map(DomainEvent::eventId).toList());

            // through the internal topic: a rate tick per event (9), B's own role (2 events) and all of C (3)
            // instead of 9 ticks + 4 + 2 x 2 + 3 when every role went through it
            String internal = app.config().applicationId() + "-" + ProjectionsTopology.PROJECTION_EVENTS + "-repartition";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(recordsSent(app.metrics(), internal)).isEqualTo(9 + 2 + 3));
        }
    }

    @Test
    void domainTopicsOfDifferentPartitionCountsAreRoutedByTheMostOfThem(TestPlatform platform) throws Exception {
        try (EventTopics topics = EventTopics.provision(platform, "in-place-mixed", PARTITIONS);
             Admin admin = Admin.create(Map.of("bootstrap.servers", platform.bootstrapServers()))) {
            String toolTopic = topics.layout().topic(Domain.TOOL);
            admin.createPartitions(Map.of(toolTopic, NewPartitions.increaseTo(6))).all().get(30, TimeUnit.SECONDS);
            // the increase is committed, but the broker may serve the old count a moment longer: then the projections
            // would size their routing, and the test's producer its partitioning, by 3 (seen once in CI)
            await().atMost(Duration.ofSeconds(30)).until(() -> admin.describeTopics(List.of(toolTopic)).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(toolTopic).partitions().size() == 6);
            try (ProjectionsApp app = ProjectionsApp.start(ProjectionsFixtures.config(platform, topics.layout()))) {
                // each plan keyed by its own id: a plan.created on the 3-partition plan topic, a tool.invoked on
                // the 6-partition tool topic; a key's owner is its partition of 6 (the internal topic's)
                List<DomainEvent> events = new ArrayList<>();
                int travelling = 0;
                for (int i = 0; i < 12; i++) {
                    String plan = "mixed-" + i;
                    DomainEvent created = DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId(plan)
                            .rootPlanId(plan).correlationId(plan).build();
                    events.add(created);
                    events.add(DomainEvent.builder(EventType.TOOL_INVOKED).source("runner").planId(plan).rootPlanId(plan)
                            .causedBy(created).build());
                    byte[] key = plan.getBytes(StandardCharsets.UTF_8);
                    if (BuiltInPartitioner.partitionForKey(key, PARTITIONS) != BuiltInPartitioner.partitionForKey(key, 6)) {
                        travelling++; // its plan.created is read by a task that does not own the key
                    }
                }
                topics.writeAll(events);

                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    for (int i = 0; i < 12; i++) {
                        assertThat(eventCount(app, "mixed-" + i)).as("mixed-" + i).isEqualTo(2);
                    }
                });
                for (int i = 0; i < 12; i++) {
                    assertThat(auditIds(app, "mixed-" + i)).hasSize(2);
                }
                String internal = app.config().applicationId() + "-" + ProjectionsTopology.PROJECTION_EVENTS + "-repartition";
                assertThat(admin.describeTopics(List.of(internal)).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get(internal).partitions()).hasSize(6);
                int expected = events.size() + travelling; // a tick per event, and each travelling plan.created
                assertThat(travelling).as("the keys chosen make some events travel").isPositive();
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        assertThat(recordsSent(app.metrics(), internal)).isEqualTo(expected));
            }
        }
    }

    private static long eventCount(ProjectionsApp app, String plan) {
        ApiClient.Answer answer = ApiClient.get(app.url() + "/plans/" + plan);
        return answer.status() == 200 ? answer.body().at("/plan/eventCount").asLong() : -1;
    }

    private static List<String> auditIds(ProjectionsApp app, String correlationId) {
        List<String> ids = new ArrayList<>();
        ApiClient.get(app.url() + "/audit/" + correlationId).body().get("entries").forEach(entry -> ids.add(entry.get("eventId").asText()));
        return ids;
    }

    private static long recordsSent(Map<MetricName, ? extends Metric> metrics, String topic) {
        return metrics.entrySet().stream()
                .filter(metric -> metric.getKey().group().equals("producer-topic-metrics")
                        && metric.getKey().name().equals("record-send-total")
                        && topic.equals(metric.getKey().tags().get("topic")))
                .mapToLong(metric -> ((Number) metric.getValue().metricValue()).longValue()).sum();
    }
}
