package io.agentevents.reliability;

import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.app.ProjectionsApp;
import io.agentevents.streams.app.ProjectionsConfig;


import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 3, the projections crashing: the projections application runs in a child JVM
 * ({@code ProjectionsService}, see {@link ProjectionsProcess}) and is killed with SIGKILL ({@link Process#destroyForcibly()}) while
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
    /**
     * Kill the k-th instance once it has folded this share of what was emitted so far: once by
     * default, twice in the long run. Each kill costs about 45 s of recovery (see the class comment).
     */
    private static final double[] KILL_AT = Scale.LONG ? new double[] {0.2, 0.5} : new double[] {0.3};

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
        PlanLedger ledger = PlanLedger.ofPlans(PLANS);
        List<String> plans = ledger.plans();
        Random random = new Random(42);
        List<String> notes = new ArrayList<>();
        int emitted = 0;
        long foldedAtKill = 0;

        try (KafkaEventBus bus = KafkaEventBus.start(KafkaEventBusConfig.local(cluster.bootstrapServers(),
                cluster.schemaRegistryUrl()).withTopics(layout))) {
            emitted += ledger.emit(bus, ledger.creations());
            emitted += ledger.emit(bus, ledger.randomEvents(backlog, random, "projection-crash"));

            for (int kill = 0; kill < KILL_AT.length; kill++) {
                Path log = dir.resolve("child-" + kill + ".log");
                long launched = System.nanoTime();
                long folded;
                double readyAfter;
                long pid;
                try (ProjectionsProcess child = ProjectionsProcess.launch(config, log)) {
                    pid = child.pid();
                    String url = child.awaitUrl(Duration.ofSeconds(90));
                    readyAfter = (System.nanoTime() - launched) / 1e9;
                    long target = (long) (KILL_AT[kill] * emitted);
                    folded = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                            .until(() -> foldedSoFar(url, plans), seen -> seen >= target);
                    child.kill(); // at once: on an idle machine the rest folds within seconds
                }
                foldedAtKill = folded;
                notes.add(String.format(java.util.Locale.ROOT,
                        "instance %d (pid %d) ready %.1f s after launch, killed at %.1f s with %d of %d events folded",
                        kill + 1, pid, readyAfter, (System.nanoTime() - launched) / 1e9, folded, emitted));
                assertThat(folded).as("instance %d was killed mid-backlog (else make the backlog larger)", kill + 1)
                        .isLessThan(emitted);
                emitted += ledger.emit(bus, ledger.randomEvents(whileDown, random, "projection-crash")); // while it is down
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

                PlanLedger.Comparison comparison = ledger.compareWith(last.url());
                Map<String, List<String>> differences = comparison.differences();
                long found = comparison.found();
                long extra = comparison.extra();
                long missing = comparison.missing();
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
}
