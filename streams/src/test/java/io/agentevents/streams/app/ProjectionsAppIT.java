package io.agentevents.streams.app;

import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.local.testing.TopicRecords;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The projections application on the shared embedded broker, queried over HTTP. */
@ExtendWith(SharedPlatformExtension.class)
@Order(1) // among the longest classes of this module: started first
class ProjectionsAppIT {

    @Test
    void eventsEmittedThroughTheBusShowUpInTheQueryApi(TestPlatform platform) {
        TopicLayout layout = ProjectionsFixtures.layout(platform, "proj");
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout);
             ProjectionsApp app = ProjectionsApp.start(ProjectionsFixtures.config(platform, layout))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> ApiClient.get(app.url() + "/health").status() == 200);

            DomainEvent created = DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId("p-1")
                    .rootPlanId("p-1").build();
            bus.emitAndWait(created);
            bus.emitAndWait(DomainEvent.builder(EventType.PLAN_STARTED).source("planner").planId("p-1").causedBy(created).build());
            bus.emitAndWait(DomainEvent.builder(EventType.TOOL_INVOKED).source("runner").planId("p-1").causedBy(created).build());
            bus.emitAndWait(DomainEvent.builder(EventType.TOOL_FAILED).source("runner").planId("p-1").causedBy(created).build());
            bus.emitAndWait(DomainEvent.builder(EventType.BUDGET_ALLOCATED).source("b").planId("p-1").causedBy(created)
                    .detail("amount", 10.5).build());
            EmitResult last = bus.emitAndWait(DomainEvent.builder(EventType.DECISION_APPROVED).source("decider")
                    .planId("p-1").causedBy(created).build());

            // read your own write: wait until the last event's partition offset is folded into the plan
            String waitFor = last.topic() + "-" + last.partition() + ":" + last.offset();
            ApiClient.Answer plan = ApiClient.get(app.url() + "/plans/p-1?waitFor=" + waitFor + "&waitMs=30000");
            assertThat(plan.status()).as("body %s", plan.body()).isEqualTo(200);
            assertThat(plan.body().get("caughtUp").asBoolean()).isTrue();
            assertThat(plan.body().at("/plan/status").asText()).isEqualTo("running");
            assertThat(plan.body().at("/plan/toolCalls").asLong()).isEqualTo(1);
            assertThat(plan.body().at("/plan/toolFailures").asLong()).isEqualTo(1);
            assertThat(plan.body().at("/plan/budgetAllocated").asDouble()).isEqualTo(10.5);
            assertThat(plan.body().at("/plan/eventCount").asLong()).isEqualTo(6);
            assertThat(plan.body().get("offsets").has(last.topic() + "-" + last.partition())).isTrue();

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                ApiClient.Answer trail = ApiClient.get(app.url() + "/audit/" + created.correlationId());
                return trail.status() == 200 && trail.body().get("entries").size() == 6;
            });
            ApiClient.Answer trail = ApiClient.get(app.url() + "/audit/" + created.correlationId());
            assertThat(trail.body().get("entries").get(0).get("eventType").asText()).isEqualTo("plan.created");
            await().atMost(Duration.ofSeconds(30)).until(() -> ApiClient.get(app.url() + "/audit?planId=p-1").status() == 200);
            assertThat(ApiClient.get(app.url() + "/plans?rootPlanId=p-1").body().get("plans").size()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    ApiClient.get(app.url() + "/rates?type=tool.invoked").body().path("windows").size() == 1);
            // the symbol spelling that emit and tail take works here too
            ApiClient.Answer bySymbol = ApiClient.get(app.url() + "/rates?type=TOOL_INVOKED");
            assertThat(bySymbol.status()).isEqualTo(200);
            assertThat(bySymbol.body().get("type").asText()).isEqualTo("tool.invoked");
            assertThat(bySymbol.body().path("windows").size()).isEqualTo(1);
        }
    }

    @Test
    void startedBeforeAnyProducerItWaitsForTheDomainTopicsThenFoldsWhatArrives(TestPlatform platform) {
        TopicLayout layout = ProjectionsFixtures.layout(platform, "early");
        try (ProjectionsApp app = ProjectionsApp.start(ProjectionsFixtures.config(platform, layout))) {
            ApiClient.Answer waiting = ApiClient.get(app.url() + "/health");
            assertThat(waiting.status()).isEqualTo(503);
            assertThat(waiting.body().get("status").asText()).isEqualTo("WAITING_FOR_TOPICS");
            assertThat(waiting.body().get("waitingForTopics").toString()).contains(layout.topic(Domain.PLAN));

            try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout)) {
                EmitResult landed = bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("p").planId("early-1").build());
                ApiClient.Answer plan = ApiClient.get(app.url() + "/plans/early-1?waitFor=" + landed.topic() + "-"
                        + landed.partition() + ":" + landed.offset() + "&waitMs=30000");
                assertThat(plan.status()).as("body %s", plan.body()).isEqualTo(200);
                assertThat(plan.body().at("/plan/status").asText()).isEqualTo("created");
                assertThat(app.waitingForTopics()).isEmpty();
            }
        }
    }

    @Test
    void badQueriesGet4xxWithAJsonErrorAndAPoisonRecordDoesNotStopTheApplication(TestPlatform platform) {
        TopicLayout layout = ProjectionsFixtures.layout(platform, "poison");
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout);
             ProjectionsApp app = ProjectionsApp.start(ProjectionsFixtures.config(platform, layout))) {
            TopicRecords plans = TopicRecords.on(platform, layout.topic(Domain.PLAN));
            plans.send("k", new byte[] {0, 0, 0, 0x7f, 1, 2});
            plans.send("k", "garbage".getBytes());
            DomainEvent after = DomainEvent.builder(EventType.PLAN_CREATED).source("p").planId("after-poison").build();
            bus.emitAndWait(after);
            await().atMost(Duration.ofSeconds(60)).until(() -> ApiClient.get(app.url() + "/plans/after-poison").status() == 200);
            // a '+' in a path is a plus, not a space (only query strings use '+' for spaces)
            EmitResult plus = bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("p").planId("a+b").build());
            String waitForPlus = "?waitFor=" + plus.topic() + "-" + plus.partition() + ":" + plus.offset() + "&waitMs=30000";
            assertThat(ApiClient.get(app.url() + "/plans/a+b" + waitForPlus).body().at("/plan/planId").asText()).isEqualTo("a+b");
            assertThat(ApiClient.get(app.url() + "/plans/a%2Bb").body().at("/plan/planId").asText()).isEqualTo("a+b");
            assertThat(app.state().isRunningOrRebalancing()).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    ApiClient.get(app.url() + "/health").body().at("/skipped/undecodableRecords").asLong() == 2);
            assertThat(ApiClient.get(app.url() + "/health").body().at("/skipped/undecodableByTopic/"
                    + layout.topic(Domain.PLAN)).asLong()).isEqualTo(2);

            for (String bad : new String[] {"/plans?rootPlanId=", "/rates?type=plan.exploded", "/rates?type=tool.invoked&from=yesterday",
                    "/rates?type=tool.invoked&from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z",
                    "/plans/x?waitFor=nonsense", "/plans/x?waitFor=events.plan-1:12&waitMs=99999999", "/audit?planId=a&planId=b"}) {
                ApiClient.Answer answer = ApiClient.get(app.url() + bad);
                assertThat(answer.status()).as(bad).isEqualTo(400);
                assertThat(answer.body().get("error").asText()).as(bad).isNotBlank();
            }
            assertThat(ApiClient.get(app.url() + "/plans/nobody").status()).isEqualTo(404);
            assertThat(ApiClient.get(app.url() + "/plans/nobody").body().get("error").asText()).contains("nobody");
            assertThat(ApiClient.get(app.url() + "/nothing/here").status()).isEqualTo(404);
            assertThat(ApiClient.get(app.url() + "/plans/" + "x".repeat(300)).status()).isEqualTo(400);
            assertThat(ApiClient.get(app.url() + "/plans/..%2F..%2Fetc%2Fpasswd").status()).isIn(400, 404);
        }
    }

    @Test
    void readYourWriteWaitsHoldNoServerThread(TestPlatform platform) throws Exception {
        TopicLayout layout = ProjectionsFixtures.layout(platform, "waits");
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout);
             ProjectionsApp app = ProjectionsApp.start(ProjectionsFixtures.config(platform, layout))) {
            EmitResult landed = bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("p").planId("w-1").build());
            String position = landed.topic() + "-" + landed.partition();
            assertThat(ApiClient.get(app.url() + "/plans/w-1?waitFor=" + position + ":" + landed.offset() + "&waitMs=30000")
                    .status()).isEqualTo(200);

            // five times the server's 8 threads wait for an offset that never comes
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.util.List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> waits = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                waits.add(http.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(app.url() + "/plans/w-1?waitFor="
                        + position + ":" + (landed.offset() + 1_000_000) + "&waitMs=4000")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()));
            }
            // a plain query is answered while they all still wait
            ApiClient.Answer plain = ApiClient.get(app.url() + "/plans/w-1");
            assertThat(plain.status()).isEqualTo(200);
            assertThat(waits).as("the waits were still waiting when the plain query was answered")
                    .noneMatch(java.util.concurrent.CompletableFuture::isDone);
            for (var wait : waits) {
                java.net.http.HttpResponse<String> answer = wait.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(answer.statusCode()).isEqualTo(200);
                assertThat(answer.body()).contains("\"caughtUp\":false");
            }
        }
    }

    @Test
    void aCleanRestartKeepsItsLocalStateAndLogsNoError(TestPlatform platform, @org.junit.jupiter.api.io.TempDir
            java.nio.file.Path state) {
        TopicLayout layout = ProjectionsFixtures.layout(platform, "restart");
        // one stream thread, so the restart's tasks start on exactly the directories the first run closed. A
        // task moved between two threads of an instance starts the same way, on the directory its previous
        // thread closed: Kafka Streams 4.3 found such a task corrupted when its (then RocksDB) rate store had
        // never counted a tick, wiped it and forced a rebalance, over and over (seen once in CI)
        ProjectionsConfig config = ProjectionsFixtures.config(platform, layout).withStateDirectory(state).withStreamThreads(1);
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(
                org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logged =
                new ch.qos.logback.core.read.ListAppender<>();
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout)) {
            // one event type: its ticks are counted by one task, the other tasks' rate stores stay empty
            EmitResult last = null;
            for (int i = 1; i <= 6; i++) {
                last = bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("p").planId("r-" + i).build());
            }
            try (ProjectionsApp app = ProjectionsApp.start(config)) {
                assertThat(ApiClient.get(app.url() + "/plans/r-6?waitFor=" + last.topic() + "-" + last.partition() + ":"
                        + last.offset() + "&waitMs=30000").status()).isEqualTo(200);
            }
            logged.start();
            root.addAppender(logged);
            try (ProjectionsApp again = ProjectionsApp.start(config)) {
                // the stopped member left the group: the restart need not wait out its 45 s session timeout
                await().atMost(Duration.ofSeconds(20)).until(() -> ApiClient.get(again.url() + "/health").status() == 200);
                for (int i = 1; i <= 6; i++) {
                    // a rebalance may still follow "ready" under load (the API answers 503 meanwhile, as documented)
                    String plan = again.url() + "/plans/r-" + i;
                    await().atMost(Duration.ofSeconds(30)).until(() -> ApiClient.get(plan).status() == 200);
                    assertThat(ApiClient.get(plan).body().at("/plan/eventCount").asLong()).isEqualTo(1);
                }
            }
        } finally {
            root.detachAppender(logged);
        }
        // only this instance's lines: its threads are named after the application id, the restore log names it
        // (other classes run beside this one)
        String testThread = Thread.currentThread().getName();
        java.util.List<ch.qos.logback.classic.spi.ILoggingEvent> own = logged.list.stream()
                .filter(event -> event.getThreadName().equals(testThread) || event.getThreadName().contains(config.applicationId())
                        || event.getFormattedMessage().contains(config.applicationId()))
                .toList();
        // no TaskCorruptedException (or anything else) logged at ERROR by the restart
        assertThat(own).filteredOn(event -> event.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.ERROR))
                .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).isEmpty();
        // the state the first run closed is read as it is: nothing but the in-memory rates is restored
        assertThat(own).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                .filteredOn(message -> message.contains("restored from its changelog"))
                .isNotEmpty()
                .allMatch(message -> message.contains("store event-rates "), "only the rate store is restored");
    }
}
