package io.agentevents.platform.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentevents.local.LocalPlatformConfig;
import io.agentevents.platform.RunningPlatform;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.client.PlanAnswer;
import io.agentevents.streams.client.QueryApiException;
import io.agentevents.streams.client.QueryClient;
import io.agentevents.streams.model.PlanState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * One demo run, the platform end to end: starts the {@link RunningPlatform} (unless a Kafka is
 * given), launches the agents as separate processes, follows their progress, then compares every
 * plan's state, as the projections folded it and the {@link QueryClient} reads it, with what the
 * agents emitted, and reads one plan's audit trail. Reports through a {@link DemoListener}. With
 * {@link Settings#agentsFrom()}, agents written in other languages (Python, Node) play their roles beside
 * the Java ones, and the same check covers the events they emitted.
 */
public final class DemoRun {
    private static final Duration PROJECTION_PATIENCE = Duration.ofSeconds(60);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);
    private static final Duration NOT_READY_PATIENCE = Duration.ofSeconds(10);

    /**
     * What to run.
     *
     * @param agents    agent processes, at least 3; roles go round: planner, decider, tool runner
     * @param plans     root plans, 1..10000; each gets one sub-plan
     * @param cluster   a Kafka and schema registry to use, with their security settings, or null to start the local platform
     * @param commandConfig the client settings file those security settings came from, or null; only with
     *                  {@code cluster}. Agent processes get it as {@code --command-config}: secrets never go on
     *                  their command lines
     * @param queryUrl  the query API of projections running against it (null: {@code http://127.0.0.1:8080}); only with {@code cluster}
     * @param prefix    the topic prefix
     * @param timeout   how long the agents may take
     * @param agentsFrom an examples directory whose agents of other languages replace the first agent of
     *                   their role (see {@code ExampleAgents}: {@code python/agent.py} a decider,
     *                   {@code node/agent.js} a tool runner), or null for Java agents only
     */
    public record Settings(int agents, int plans, ClusterConnection cluster, Path commandConfig, String queryUrl, String prefix,
                           Duration timeout, Path agentsFrom) {
        /** @throws IllegalArgumentException naming the bad option */
        public Settings {
            if (agents < 3) {
                throw new IllegalArgumentException("--agents must be at least 3 (one of each role), was " + agents);
            }
            if (plans < 1 || plans > 10_000) {
                throw new IllegalArgumentException("--plans must be 1..10000, was " + plans);
            }
            if (cluster == null && (commandConfig != null || queryUrl != null)) {
                throw new IllegalArgumentException("--command-config and --query-url need --bootstrap");
            }
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(timeout, "timeout");
            if (agentsFrom != null && !Files.isDirectory(agentsFrom)) {
                throw new IllegalArgumentException("--agents-from " + agentsFrom + " is not a directory");
            }
        }

        /** Java agents only, on the local platform. */
        public Settings(int agents, int plans, String prefix, Duration timeout) {
            this(agents, plans, null, null, null, prefix, timeout, null);
        }
    }

    private final Settings settings;
    private final Function<AgentSettings, List<String>> agentCommand;
    private final DemoListener listener;
    private final long started = System.nanoTime();
    private final List<AgentProcess> processes = new ArrayList<>();
    private String run;
    private KeepRunning keep;

    private DemoRun(Settings settings, Function<AgentSettings, List<String>> agentCommand, DemoListener listener) {
        this.settings = settings;
        this.agentCommand = agentCommand;
        this.listener = listener;
    }

    /**
     * Runs the demo.
     *
     * @param agentCommand the command line starting one Java agent process, which runs {@link DemoAgent}
     *                     (agents of other languages, from {@link Settings#agentsFrom()}, are run by their interpreter)
     * @return 0 when every plan's projection agrees with what the agents emitted; 1 when one does not,
     *         when an agent dies or fails, or when the run times out
     */
    public static int run(Settings settings, Function<AgentSettings, List<String>> agentCommand, DemoListener listener)
            throws IOException, InterruptedException {
        return run(settings, agentCommand, listener, null);
    }

    /**
     * Runs the demo as {@link #run(Settings, Function, DemoListener)} does; when it started the local
     * platform itself and {@code keep} is not null, the platform stays up after the verdict until
     * {@code keep} returns (e.g. on Ctrl-C), so that its query API, metrics and console can be opened.
     */
    public static int run(Settings settings, Function<AgentSettings, List<String>> agentCommand, DemoListener listener,
                          KeepRunning keep) throws IOException, InterruptedException {
        DemoRun demo = new DemoRun(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(agentCommand, "agentCommand"),
                Objects.requireNonNull(listener, "listener"));
        demo.keep = keep;
        return demo.execute();
    }

    /** Holds the demo's own platform up after the run (see {@link #run(Settings, Function, DemoListener, KeepRunning)}). */
    @FunctionalInterface
    public interface KeepRunning {
        /** Returns when the platform may stop; {@code queryUrl} is where its query API, {@code /metrics} included, answers. */
        void await(String queryUrl) throws InterruptedException;
    }

    private int execute() throws IOException, InterruptedException {
        RunningPlatform platform = null;
        try {
            ClusterConnection cluster;
            String queryUrl;
            if (settings.cluster() == null) {
                listener.startingPlatform();
                platform = RunningPlatform.start(new LocalPlatformConfig(0, 0, 0, Optional.empty(), 1, settings.prefix()));
                cluster = ClusterConnection.of(platform.platform().bootstrapServers(), platform.platform().schemaRegistryUrl());
                queryUrl = platform.queryUrl();
            } else {
                cluster = settings.cluster();
                queryUrl = (settings.queryUrl() == null ? "http://127.0.0.1:8080" : settings.queryUrl()).replaceAll("/+$", "");
            }
            try (QueryClient client = QueryClient.connect(queryUrl, NOT_READY_PATIENCE)) {
                listener.connected(cluster.bootstrapServers(), cluster.registryUrls(), client.baseUrl());
                TopicLayout layout = TopicLayout.local(1).withPrefix(settings.prefix());
                try (KafkaEventBus provisioning = KafkaEventBus.start(KafkaEventBusConfig.local(cluster).withTopics(layout))) {
                    provisioning.flush();
                }
                run = "demo-" + DomainEvent.newId().substring(20).toLowerCase(Locale.ROOT);
                int exit = agentsThenCheck(cluster, client);
                if (platform != null && keep != null) {
                    keep.await(queryUrl);
                }
                return exit;
            }
        } finally {
            if (platform != null) {
                platform.close();
            }
        }
    }

    private int agentsThenCheck(ClusterConnection cluster, QueryClient client) throws IOException, InterruptedException {
        Path logs = Files.createTempDirectory("eventbus-" + run + "-");
        try {
            launch(logs, cluster);
            String failure = awaitAgents();
            if (failure != null) {
                listener.failed(failure, processes.stream().map(AgentProcess::log).toList());
                return 1;
            }
            return check(client, cluster);
        } finally {
            processes.forEach(agent -> {
                if (agent.alive()) {
                    agent.kill();
                }
            });
        }
    }

    private void launch(Path logs, ClusterConnection cluster) throws IOException, InterruptedException {
        ExampleAgents examples = settings.agentsFrom() == null ? ExampleAgents.none()
                : ExampleAgents.in(settings.agentsFrom(), Optional.ofNullable(settings.commandConfig()));
        examples.notes().forEach(listener::note);
        Map<AgentRole, Integer> perRole = new LinkedHashMap<>();
        for (int i = 0; i < settings.agents(); i++) {
            perRole.merge(AgentRole.values()[i % 3], 1, Integer::sum);
        }
        Map<AgentRole, Integer> next = new LinkedHashMap<>();
        List<DemoListener.Agent> launched = new ArrayList<>();
        for (int i = 0; i < settings.agents(); i++) {
            AgentRole role = AgentRole.values()[i % 3];
            AgentSettings agent = new AgentSettings(role, run, next.merge(role, 1, Integer::sum) - 1, perRole.get(role),
                    settings.plans(), cluster, Optional.ofNullable(settings.commandConfig()), settings.prefix(), Duration.ofSeconds(300));
            Optional<ExampleAgents.Example> example = agent.index() == 0 ? examples.forRole(role) : Optional.empty();
            List<String> command = example.map(e -> e.command(agent)).orElseGet(() -> agentCommand.apply(agent));
            AgentProcess process = AgentProcess.start(agent.name(), role, command, logs.resolve(agent.name() + ".log"));
            processes.add(process);
            launched.add(new DemoListener.Agent(agent.name(), process.pid(), example.map(ExampleAgents.Example::language).orElse("java"),
                    example.map(e -> e.script().toString()).orElse("eventbus agent")));
        }
        listener.launched(run, settings.plans(), launched);
    }

    /** Runs until the planners are done and the others stopped; the failure, or null. */
    private String awaitAgents() throws InterruptedException {
        long deadline = started + settings.timeout().toNanos();
        long nextProgress = 0;
        boolean stopping = false;
        while (true) {
            for (AgentProcess agent : processes) {
                if (agent.alive()) {
                    continue;
                }
                agent.awaitExit(0);
                boolean expected = agent.role() == AgentRole.PLANNER ? agent.exitCode() == 0 : agent.stopRequested();
                if (!expected || agent.exitCode() != 0 || agent.summary() == null) {
                    String failure = "agent " + agent.name() + " (pid " + agent.pid() + ") "
                            + (agent.stopRequested() || agent.role() == AgentRole.PLANNER ? "ended" : "died")
                            + " with exit code " + agent.exitCode()
                            + (agent.errors().isEmpty() ? "" : ": " + String.join("; ", agent.errors()))
                            + "; its work is lost, so the run cannot be checked";
                    stopAll();
                    return failure;
                }
            }
            boolean plannersDone = processes.stream().filter(agent -> agent.role() == AgentRole.PLANNER)
                    .noneMatch(AgentProcess::alive);
            if (plannersDone && !stopping) {
                stopping = true;
                processes.stream().filter(AgentProcess::alive).forEach(AgentProcess::requestStop);
                deadline = Math.min(deadline, System.nanoTime() + STOP_PATIENCE.toNanos());
            }
            if (processes.stream().noneMatch(AgentProcess::alive)) {
                reportProgress();
                return null;
            }
            if (System.nanoTime() - deadline > 0) {
                stopAll();
                return stopping ? "agents did not stop within " + STOP_PATIENCE.toSeconds() + " s of being asked"
                        : "the agents did not finish within " + settings.timeout().toSeconds() + " s (--timeout)";
            }
            if (System.nanoTime() - nextProgress > 0) {
                reportProgress();
                nextProgress = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }
            Thread.sleep(100);
        }
    }

    private void stopAll() throws InterruptedException {
        processes.forEach(AgentProcess::requestStop);
        for (AgentProcess agent : processes) {
            if (!agent.awaitExit(5_000)) {
                agent.kill();
            }
        }
    }

    private void reportProgress() {
        listener.progress(new DemoListener.Progress(seconds(), processes.stream().mapToLong(agent -> agent.progress().emitted()).sum(),
                processes.stream().mapToLong(agent -> agent.progress().handled()).sum(),
                processes.stream().filter(agent -> agent.role() == AgentRole.PLANNER).mapToLong(agent -> agent.progress().done()).sum(),
                2L * settings.plans(), processes.stream().filter(AgentProcess::alive).count()));
    }

    /** Compares every plan's projection with the merged summaries; reports each plan, a trail and the totals. */
    private int check(QueryClient client, ClusterConnection cluster) throws InterruptedException {
        Map<String, ExpectedPlan> expected = new LinkedHashMap<>();
        for (String planId : DemoPlans.all(run, settings.plans())) {
            expected.put(planId, new ExpectedPlan(planId));
        }
        long emitted = 0;
        long handled = 0;
        long retried = 0;
        for (AgentProcess agent : processes) {
            JsonNode summary = agent.summary();
            emitted += summary.path("emitted").asLong();
            handled += summary.path("handled").asLong();
            retried += summary.path("retried").asLong();
            summary.path("plans").properties().forEach(plan ->
                    expected.computeIfAbsent(plan.getKey(), ExpectedPlan::new).merge(plan.getValue()));
        }
        listener.checking();
        List<String> failures = new ArrayList<>();
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (ExpectedPlan plan : expected.values()) {
            String parent = DemoPlans.parentOf(plan.planId());
            List<String> children = parent == null ? List.of(DemoPlans.childOf(plan.planId())) : List.of();
            PlanState state = awaitPlan(client, plan);
            List<String> differences = state == null ? List.of("not in the projection")
                    : plan.differences(state, parent, children);
            listener.planChecked(new DemoListener.PlanCheck(plan.planId(), state, differences));
            byStatus.merge(String.valueOf(plan.status()), 1L, Long::sum);
            differences.forEach(difference -> failures.add(plan.planId() + " " + difference));
        }
        String shown = expected.values().stream().filter(plan -> "completed".equals(plan.status())).map(ExpectedPlan::planId)
                .findFirst().orElse(DemoPlans.root(run, 0));
        try {
            client.auditOfPlan(shown).ifPresent(trail -> listener.trail(shown, client.baseUrl(), trail.trail()));
        } catch (QueryApiException e) {
            // the trail is shown when the API has it; the check above is what counts
        }
        TraceCheck.Result read = TraceCheck.check(cluster, TopicLayout.local(1).withPrefix(settings.prefix()), run);
        listener.traces(new DemoListener.Traces(read.events(), read.traces(), settings.plans(), read.reactions(), read.broken()));
        read.broken().forEach(broken -> failures.add("trace: " + broken));
        listener.finished(new DemoListener.Outcome(expected.size(), byStatus, emitted, handled, retried,
                processes.stream().map(AgentProcess::pid).toList(), seconds(), failures));
        return failures.isEmpty() ? 0 : 1;
    }

    /** The plan's projected state once it reflects every emitted event (or the patience ran out); null when never found. */
    private static PlanState awaitPlan(QueryClient client, ExpectedPlan plan) throws InterruptedException {
        long deadline = System.nanoTime() + PROJECTION_PATIENCE.toNanos();
        PlanState state = null;
        while (System.nanoTime() < deadline) {
            try {
                Optional<PlanAnswer> answer = client.plan(plan.planId());
                if (answer.isPresent()) {
                    state = answer.get().plan();
                    if (plan.reflectedIn(state)) {
                        return state;
                    }
                }
            } catch (QueryApiException e) {
                // not there yet (not ready, unreachable for a moment): ask again until the patience runs out
            }
            Thread.sleep(100);
        }
        return state;
    }

    private double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
