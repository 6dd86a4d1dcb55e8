package io.agentevents.reliability;

import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.app.ProjectionsApp;
import io.agentevents.streams.app.ProjectionsConfig;
import io.agentevents.streams.app.ProjectionsService;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 3, the projections crashing: the projections application runs in a child JVM
 * ({@link ProjectionsService}) and is killed with SIGKILL ({@link Process#destroyForcibly()}) while
 * it works through a backlog (once; twice in the long run), with more events emitted while it is
 * down; another instance on the same application id and state directory finishes. Its plan states
 * must equal an independent fold of the emitted events in this test: tool calls and failures,
 * decisions by outcome, budget sums and event counts, nothing counted twice, nothing missing.
 * Topics and the application's internal topics have replication 3.
 *
 * <p>Every instance runs with the same static membership id ({@code group.instance.id}): the
 * successor of a killed instance takes its place in the group at once instead of waiting for the
 * dead member's session to time out (45 s with dynamic membership, most of this scenario's run
 * time before); the time until it folds past where the killed one was is reported as {@code serving}.
 */
@Order(3)
@ExtendWith(ReliabilityClusterExtension.class)
class ProjectionCrashIT {
    private static final int PLANS = 40;
    private static final String READY = "projections ready: ";
    /**
     * Kill the k-th instance once it has folded this share of what was emitted so far: once by
     * default, twice in the long run. Each kill costs about 45 s of recovery (see the class comment).
     */
    private static final double[] KILL_AT = Scale.LONG ? new double[] {0.2, 0.5} : new double[] {0.3};

    /** The test's own fold of one plan: what the projection must show. */
    private static final class Expected {
        long events;
        long toolCalls;
        long toolFailures;
        final Map<String, Long> decisions = new TreeMap<>(Map.of("created", 0L, "approved", 0L, "rejected", 0L,
                "superseded", 0L));
        BigDecimal allocated = BigDecimal.ZERO;
        BigDecimal consumed = BigDecimal.ZERO;

        void add(DomainEvent event) {
            events++;
            switch (event.type()) {
                case TOOL_INVOKED -> toolCalls++;
                case TOOL_FAILED -> toolFailures++;
                case DECISION_CREATED -> decisions.merge("created", 1L, Long::sum);
                case DECISION_APPROVED -> decisions.merge("approved", 1L, Long::sum);
                case DECISION_REJECTED -> decisions.merge("rejected", 1L, Long::sum);
                case DECISION_SUPERSEDED -> decisions.merge("superseded", 1L, Long::sum);
                case BUDGET_ALLOCATED -> allocated = allocated.add(BigDecimal.valueOf((Double) event.details().get("amount")));
                case BUDGET_CONSUMED -> consumed = consumed.add(BigDecimal.valueOf((Double) event.details().get("amount")));
                default -> { }
            }
        }

        /** The differences from a plan's JSON state, empty when it matches. */
        List<String> differences(JsonNode plan) {
            List<String> differences = new ArrayList<>();
            compare(differences, "eventCount", events, plan.path("eventCount").asLong(-1));
            compare(differences, "toolCalls", toolCalls, plan.path("toolCalls").asLong(-1));
            compare(differences, "toolFailures", toolFailures, plan.path("toolFailures").asLong(-1));
            decisions.forEach((outcome, count) ->
                    compare(differences, "decisions." + outcome, count, plan.path("decisionsByOutcome").path(outcome).asLong(-1)));
            if (allocated.doubleValue() != plan.path("budgetAllocated").asDouble(Double.NaN)) {
                differences.add("budgetAllocated " + plan.path("budgetAllocated") + " != " + allocated);
            }
            if (consumed.doubleValue() != plan.path("budgetConsumed").asDouble(Double.NaN)) {
                differences.add("budgetConsumed " + plan.path("budgetConsumed") + " != " + consumed);
            }
            return differences;
        }

        private static void compare(List<String> differences, String field, long expected, long actual) {
            if (expected != actual) {
                differences.add(field + " " + actual + " != " + expected);
            }
        }
    }

    @Test
    void projectionsKilledMidBacklogFoldEveryEventExactlyOnce(ReliabilityCluster cluster, @TempDir Path dir)
            throws Exception {
        int backlog = Scale.count(20_000, 60_000); // large enough that a kill lands mid-backlog at today's fold rate
        int whileDown = Scale.count(300, 900);
        TopicLayout layout = cluster.layout("projection-crash");
        ProjectionsConfig config = ProjectionsConfig.defaults(cluster.bootstrapServers(), cluster.schemaRegistryUrl())
                .withApplicationId(cluster.uniqueName("projections"))
                .withTopics(layout)
                .withHttpPort(0)
                .withReplicationFactor(ReliabilityCluster.NODES)
                .withStateDirectory(dir.resolve("state"))
                .withInstanceId("crash-test-instance"); // static membership: a successor takes over at once
        Map<String, Expected> expected = new LinkedHashMap<>();
        List<String> plans = new ArrayList<>();
        for (int p = 0; p < PLANS; p++) {
            plans.add("plan-" + p);
            expected.put("plan-" + p, new Expected());
        }
        Random random = new Random(42);
        List<String> notes = new ArrayList<>();
        int emitted = 0;
        long foldedAtKill = 0;

        try (KafkaEventBus bus = KafkaEventBus.start(KafkaEventBusConfig.local(cluster.bootstrapServers(),
                cluster.schemaRegistryUrl()).withTopics(layout))) {
            for (String plan : plans) {
                emit(bus, List.of(DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId(plan)
                        .rootPlanId(plan).build()), expected);
            }
            emitted += PLANS + emit(bus, randomEvents(backlog, plans, random), expected);

            for (int kill = 0; kill < KILL_AT.length; kill++) {
                Path log = dir.resolve("child-" + kill + ".log");
                long launched = System.nanoTime();
                Process child = launch(config, log);
                long folded;
                double readyAfter;
                try {
                    String url = await().atMost(Duration.ofSeconds(90)).until(() -> readyUrl(log, child), u -> u != null);
                    readyAfter = (System.nanoTime() - launched) / 1e9;
                    long target = (long) (KILL_AT[kill] * emitted);
                    folded = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                            .until(() -> foldedSoFar(url, plans), seen -> seen >= target);
                    child.destroyForcibly().waitFor(); // at once: on an idle machine the rest folds within seconds
                } finally {
                    child.destroyForcibly().waitFor();
                    if (System.getProperty("reliability.keep.logs") != null) {
                        Files.copy(log, Path.of(System.getProperty("reliability.keep.logs"), log.getFileName().toString()),
                                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                foldedAtKill = folded;
                notes.add(String.format(java.util.Locale.ROOT,
                        "instance %d (pid %d) ready %.1f s after launch, killed at %.1f s with %d of %d events folded",
                        kill + 1, child.pid(), readyAfter, (System.nanoTime() - launched) / 1e9, folded, emitted));
                assertThat(folded).as("instance %d was killed mid-backlog (else make the backlog larger)", kill + 1)
                        .isLessThan(emitted);
                emitted += emit(bus, randomEvents(whileDown, plans, random), expected); // while it is down
            }

            long restarted = System.nanoTime();
            try (ProjectionsApp last = ProjectionsApp.start(config)) {
                int total = emitted;
                long passed = foldedAtKill;
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> foldedSoFar(last.url(), plans) > passed);
                Duration serving = Duration.ofNanos(System.nanoTime() - restarted);
                try {
                    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                            .until(() -> foldedSoFar(last.url(), plans) >= total);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    notes.add("did not catch up within 3 min: " + e.getMessage());
                }
                Duration recover = Duration.ofNanos(System.nanoTime() - restarted);

                Map<String, List<String>> differences = new TreeMap<>();
                long found = 0;
                long extra = 0;
                long missing = 0;
                for (String plan : plans) {
                    QueryApi.Answer answer = QueryApi.get(last.url() + "/plans/" + plan);
                    JsonNode state = answer.body().path("plan");
                    long count = state.path("eventCount").asLong(0);
                    found += count;
                    Expected want = expected.get(plan);
                    extra += Math.max(0, count - want.events);
                    missing += Math.max(0, want.events - count);
                    List<String> diff = answer.status() == 200 ? want.differences(state)
                            : List.of("status " + answer.status() + ": " + answer.body());
                    if (!diff.isEmpty()) {
                        differences.put(plan, diff);
                    }
                }
                Figures.of("projection-crash").put("emitted", emitted)
                        .put("acknowledged", emitted)
                        .put("found", found)
                        .put("duplicates", extra)
                        .put("lost", missing)
                        .put("kills", KILL_AT.length)
                        .put("plans_differing", differences.size())
                        .put("serving", serving)
                        .put("recover", recover)
                        .print();
                notes.forEach(note -> System.out.println("  projection-crash: " + note));

                assertThat(differences).as("plans whose projected state differs from the fold of the emitted events")
                        .isEmpty();
                assertThat(found).isEqualTo(emitted);
                assertThat(serving).as("the successor folds past the killed instance (static membership: no session wait)")
                        .isLessThan(Duration.ofSeconds(30));
            }
        }
    }

    private static Process launch(ProjectionsConfig config, Path log) throws IOException {
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ProjectionsService.class.getName())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        child.environment().putAll(config.toEnvironment());
        return child.start();
    }

    private static String readyUrl(Path log, Process child) throws IOException {
        if (!child.isAlive()) {
            throw new IllegalStateException("the projections child JVM exited with " + child.exitValue() + ": "
                    + Files.readString(log));
        }
        if (!Files.exists(log)) {
            return null;
        }
        return Files.readAllLines(log).stream().filter(line -> line.startsWith(READY))
                .map(line -> line.substring(READY.length()).trim()).findFirst().orElse(null);
    }

    /** Events folded so far over all plans (0 for a plan not answered yet). */
    private static long foldedSoFar(String url, List<String> plans) {
        long sum = 0;
        for (String plan : plans) {
            QueryApi.Answer answer = QueryApi.get(url + "/plans/" + plan);
            if (answer.status() == 200) {
                sum += answer.body().path("plan").path("eventCount").asLong(0);
            }
        }
        return sum;
    }

    /** Tool calls and failures, decisions of every outcome and budget amounts, over random plans. */
    private static List<DomainEvent> randomEvents(int count, List<String> plans, Random random) {
        EventType[] types = {EventType.TOOL_INVOKED, EventType.TOOL_INVOKED, EventType.TOOL_INVOKED, EventType.TOOL_FAILED,
                EventType.DECISION_CREATED, EventType.DECISION_CREATED, EventType.DECISION_APPROVED,
                EventType.DECISION_REJECTED, EventType.DECISION_SUPERSEDED, EventType.BUDGET_ALLOCATED,
                EventType.BUDGET_CONSUMED, EventType.BUDGET_CONSUMED};
        List<DomainEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String plan = plans.get(random.nextInt(plans.size()));
            EventType type = types[random.nextInt(types.length)];
            DomainEvent.Builder builder = DomainEvent.builder(type).source("projection-crash").planId(plan).rootPlanId(plan);
            if (type == EventType.BUDGET_ALLOCATED || type == EventType.BUDGET_CONSUMED) {
                builder.detail("amount", (1 + random.nextInt(40)) / 20.0);
            }
            events.add(builder.build());
        }
        return events;
    }

    /** Emits and waits for every acknowledgement, folding each event into the expectation; returns the count. */
    private static int emit(KafkaEventBus bus, List<DomainEvent> events, Map<String, Expected> expected) {
        List<CompletableFuture<EmitResult>> sent = new ArrayList<>();
        for (DomainEvent event : events) {
            sent.add(bus.emit(event));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        events.forEach(event -> expected.get(event.planId()).add(event));
        return events.size();
    }
}
