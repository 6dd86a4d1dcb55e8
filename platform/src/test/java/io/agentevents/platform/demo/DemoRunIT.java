package io.agentevents.platform.demo;

import io.agentevents.streams.model.AuditTrail;

import io.agentevents.streams.model.AuditEntry;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole demo run on its own {@link io.agentevents.platform.RunningPlatform}: agent processes on the
 * library's services, and the check against the plan states read through the query client.
 */
class DemoRunIT {

    @Test
    void agentProcessesDrivePlansThroughKafkaAndTheProjectionsAgree() throws Exception {
        Recorder recorder = new Recorder();
        int exit = DemoRun.run(new DemoRun.Settings(3, 3, "events", Duration.ofSeconds(150)),
                DemoRunIT::command, recorder);

        assertThat(exit).as("failures %s, checks %s", recorder.failure, recorder.checks).isZero();
        assertThat(recorder.agents).extracting(DemoListener.Agent::name).containsExactly("planner-0", "decider-0", "tool-runner-0");
        assertThat(recorder.checks).hasSize(6).allSatisfy(check -> {
            assertThat(check.state()).isNotNull();
            assertThat(check.differences()).isEmpty();
        });
        assertThat(recorder.outcome.agrees()).isTrue();
        assertThat(recorder.outcome.emitted()).isEqualTo(recorder.checks.stream().mapToLong(c -> c.state().eventCount()).sum());
        assertThat(recorder.trail.entries()).isNotEmpty();
        assertThat(recorder.trail.entries().get(0).eventType()).isEqualTo("plan.created");
        assertThat(recorder.progress).isNotEmpty();
        assertThat(recorder.progress.get(recorder.progress.size() - 1).plansDone()).isEqualTo(6);
        // issue 14: one trace per plan tree, every reaction (decider, tool runner, planner closing) in its cause's trace
        assertThat(recorder.traces.broken()).isEmpty();
        assertThat(recorder.traces.events()).isEqualTo((int) recorder.outcome.emitted());
        assertThat(recorder.traces.traces()).isEqualTo(3);
        assertThat(recorder.traces.reactions()).isPositive();
    }

    /** Issue 16: {@code eventbus demo --agents-from examples}, the Python decider beside the Java planner and tool runner. */
    @Test
    void thePythonDeciderOfTheExamplesPlaysItsRoleBesideTheJavaAgentsAndTheCheckAgrees() throws Exception {
        Assumptions.assumeTrue(pythonCanRunTheExamples(), "/usr/bin/python3 cannot import confluent_kafka and avro "
                + "(apt-get install python3-confluent-kafka python3-avro)");
        Path examples = Path.of("..", "examples");
        Recorder recorder = new Recorder();
        int exit = DemoRun.run(new DemoRun.Settings(3, 3, null, null, null, "events", Duration.ofSeconds(150), examples),
                DemoRunIT::command, recorder);

        assertThat(exit).as("failures %s, checks %s, notes %s", recorder.failure, recorder.checks, recorder.notes).isZero();
        assertThat(recorder.agents).filteredOn(agent -> agent.name().equals("decider-0")).singleElement()
                .satisfies(decider -> {
                    assertThat(decider.language()).isEqualTo("python");
                    assertThat(decider.program()).endsWith(Path.of("examples", "python", "agent.py").toString());
                });
        boolean node = Files.isDirectory(examples.resolve("node").resolve("node_modules"));
        if (node) { // the Node tool runner plays beside the Python decider and the Java planner
            assertThat(recorder.agents).filteredOn(agent -> agent.name().equals("tool-runner-0")).singleElement()
                    .satisfies(runner -> assertThat(runner.language()).isEqualTo("node"));
        } else {
            assertThat(recorder.notes).anySatisfy(note -> assertThat(note).startsWith("no Node tool runner"));
        }
        assertThat(recorder.checks).hasSize(6).allSatisfy(check -> {
            assertThat(check.state()).isNotNull();
            assertThat(check.differences()).isEmpty();
            assertThat(check.state().decisionsByOutcome().getOrDefault("created", 0L)).isEqualTo(1L);
        });
        assertThat(recorder.outcome.agrees()).isTrue();
        // issue 14: the Python decider (and the Node tool runner) pass the trace on: one trace per plan tree
        assertThat(recorder.traces.broken()).isEmpty();
        assertThat(recorder.traces.traces()).isEqualTo(3);
        // the decisions in the trail are the Python agent's: its own source, the plan's correlation id
        List<AuditEntry> decisions = recorder.trail.entries().stream().filter(entry -> entry.eventType().startsWith("decision.")).toList();
        assertThat(decisions).hasSize(2).allSatisfy(entry -> assertThat(entry.source()).endsWith("/decider-0/python"));
        if (node) {
            assertThat(recorder.trail.entries()).filteredOn(entry -> entry.eventType().startsWith("tool."))
                    .isNotEmpty().allSatisfy(entry -> assertThat(entry.source()).contains("/node-"));
        }
        assertThat(recorder.trail.entries()).extracting(AuditEntry::correlationId).containsOnly(
                recorder.trail.entries().get(0).correlationId());
    }

    private static boolean pythonCanRunTheExamples() throws Exception {
        Process probe = new ProcessBuilder("/usr/bin/python3", "-c", "import confluent_kafka, avro")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    }

    private static List<String> command(AgentSettings settings) {
        return AgentSettings.javaCommand(TestAgentMain.class.getName(), List.of(settings.role().label(), settings.run(),
                Integer.toString(settings.index()), Integer.toString(settings.of()), Integer.toString(settings.plans()),
                settings.cluster().bootstrapServers(), settings.cluster().registryUrls(), settings.prefix(),
                Long.toString(settings.timeout().toSeconds())));
    }

    private static final class Recorder implements DemoListener {
        final List<Agent> agents = new CopyOnWriteArrayList<>();
        final List<String> notes = new CopyOnWriteArrayList<>();
        final List<Progress> progress = new CopyOnWriteArrayList<>();
        final List<PlanCheck> checks = new CopyOnWriteArrayList<>();
        volatile String failure;
        volatile AuditTrail trail;
        volatile Outcome outcome;
        volatile Traces traces;

        @Override
        public void traces(Traces read) {
            traces = read;
        }

        @Override
        public void startingPlatform() {
        }

        @Override
        public void connected(String kafka, String schemaRegistry, String queryUrl) {
            assertThat(queryUrl).startsWith("http://127.0.0.1:");
        }

        @Override
        public void note(String note) {
            notes.add(note);
        }

        @Override
        public void launched(String run, int plans, List<Agent> launched) {
            agents.addAll(launched);
        }

        @Override
        public void progress(Progress now) {
            progress.add(now);
        }

        @Override
        public void failed(String why, List<Path> agentLogs) {
            failure = why + " (logs " + agentLogs + ")";
        }

        @Override
        public void checking() {
        }

        @Override
        public void planChecked(PlanCheck check) {
            checks.add(check);
        }

        @Override
        public void trail(String planId, String url, AuditTrail read) {
            trail = read;
        }

        @Override
        public void finished(Outcome finished) {
            outcome = finished;
        }
    }
}
