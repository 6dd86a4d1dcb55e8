package io.agentevents.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentevents.local.LocalPlatform;
import io.agentevents.local.LocalPlatformConfig;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.app.ProjectionsApp;
import io.agentevents.streams.app.ProjectionsConfig;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code eventbus demo}: the whole platform end to end. Starts the local platform and the projections
 * (unless addresses are given), launches the agents as separate processes, shows their progress,
 * then prints every plan's projected state next to what the agents emitted, and one plan's audit
 * trail. Exit 0 when every plan's projection agrees with the emitted events; 1 when one does not,
 * when an agent dies or fails, or when the run times out; 2 for bad options.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the platform end to end: agent processes (planners, deciders, tool runners) exchange events "
                + "through Kafka while the projections fold them; then check the projected plan states against what "
                + "the agents emitted.",
                "Starts the local platform unless --bootstrap/--registry/--url are given."})
public final class DemoCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PROJECTION_PATIENCE = Duration.ofSeconds(60);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);

    @Option(names = "--agents", defaultValue = "3", paramLabel = "N",
            description = "Agent processes, at least 3; roles go round: planner, decider, tool runner. Default: ${DEFAULT-VALUE}.")
    int agents;

    @Option(names = "--plans", defaultValue = "10", paramLabel = "M",
            description = "Root plans; each gets one sub-plan. Default: ${DEFAULT-VALUE}.")
    int plans;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Use this Kafka instead of starting the local platform.")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Schema registry of that Kafka. Default with --bootstrap: http://127.0.0.1:8081.")
    String registry;

    @Option(names = "--url", paramLabel = "URL",
            description = "Query API of projections already running against that Kafka. Default with --bootstrap: http://127.0.0.1:8080.")
    String url;

    @Option(names = "--prefix", defaultValue = "events", paramLabel = "PREFIX", description = "Topic prefix. Default: ${DEFAULT-VALUE}.")
    String prefix;

    @Option(names = "--timeout", defaultValue = "180", paramLabel = "SECONDS",
            description = "Give up (exit 1) when the agents have not finished by then. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (agents < 3) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--agents must be at least 3 (one of each role), was " + agents);
        }
        if (plans < 1 || plans > 10_000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--plans must be 1..10000, was " + plans);
        }
        if (bootstrap == null && (registry != null || url != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--registry and --url need --bootstrap");
        }
        PrintWriter out = spec.commandLine().getOut();
        long started = System.nanoTime();
        LocalPlatform platform = null;
        ProjectionsApp projections = null;
        try {
            String kafka;
            String schemaRegistry;
            String queryUrl;
            TopicLayout layout = TopicLayout.local(1).withPrefix(prefix);
            if (bootstrap == null) {
                out.println("starting the local platform (Kafka, schema registry, projections) ...");
                out.flush();
                platform = LocalPlatform.start(LocalPlatformConfig.onFreePorts());
                kafka = platform.bootstrapServers();
                schemaRegistry = platform.schemaRegistryUrl();
                projections = ProjectionsApp.start(ProjectionsConfig.defaults(kafka, schemaRegistry)
                        .withTopics(platform.topicLayout().withPrefix(prefix)).withHttpPort(0).withReplicationFactor(1));
                queryUrl = projections.url();
            } else {
                kafka = bootstrap;
                schemaRegistry = registry == null ? "http://127.0.0.1:8081" : registry;
                queryUrl = (url == null ? "http://127.0.0.1:8080" : url).replaceAll("/+$", "");
            }
            out.printf("kafka %s, schema registry %s, query API %s%n", kafka, schemaRegistry, queryUrl);
            try (KafkaEventBus provisioning = KafkaEventBus.start(KafkaEventBusConfig.local(kafka, schemaRegistry).withTopics(layout))) {
                provisioning.flush();
            }
            String run = "demo-" + DomainEvent.newId().substring(20).toLowerCase(Locale.ROOT);
            return new Run(out, run, kafka, schemaRegistry, queryUrl, started).execute();
        } finally {
            if (projections != null) {
                projections.close();
            }
            if (platform != null) {
                platform.close();
            }
        }
    }

    /** One demo run: its agents, their progress, the check. */
    private final class Run {
        private final PrintWriter out;
        private final String run;
        private final String kafka;
        private final String schemaRegistry;
        private final String queryUrl;
        private final long started;
        private final List<AgentProcess> processes = new ArrayList<>();
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        Run(PrintWriter out, String run, String kafka, String schemaRegistry, String queryUrl, long started) {
            this.out = out;
            this.run = run;
            this.kafka = kafka;
            this.schemaRegistry = schemaRegistry;
            this.queryUrl = queryUrl;
            this.started = started;
        }

        int execute() throws Exception {
            Path logs = Files.createTempDirectory("eventbus-" + run + "-");
            try {
                launch(logs);
                String failure = awaitAgents();
                if (failure != null) {
                    out.println("FAILED: " + failure);
                    printLogHints();
                    return 1;
                }
                return check();
            } finally {
                processes.forEach(agent -> {
                    if (agent.alive()) {
                        agent.kill();
                    }
                });
            }
        }

        private void launch(Path logs) throws IOException {
            Map<AgentRole, Integer> perRole = new LinkedHashMap<>();
            for (int i = 0; i < agents; i++) {
                perRole.merge(AgentRole.values()[i % 3], 1, Integer::sum);
            }
            Map<AgentRole, Integer> next = new LinkedHashMap<>();
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = System.getProperty("java.class.path");
            out.printf("run %s: %d agents, %d plans (+ %d sub-plans)%n", run, agents, plans, plans);
            for (int i = 0; i < agents; i++) {
                AgentRole role = AgentRole.values()[i % 3];
                int index = next.merge(role, 1, Integer::sum) - 1;
                String name = role.label() + "-" + index;
                List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-cp", classPath, "io.agentevents.cli.Main"));
                command.addAll(AgentCommand.arguments(role, run, index, perRole.get(role), plans, kafka, schemaRegistry, prefix));
                AgentProcess agent = AgentProcess.start(name, role, command, logs.resolve(name + ".log"));
                processes.add(agent);
                out.printf("  agent %-14s pid %d%n", name, agent.pid());
            }
            out.flush();
        }

        /** Runs until the planners are done and the others stopped; the failure, or null. */
        private String awaitAgents() throws InterruptedException {
            long deadline = started + TimeUnit.SECONDS.toNanos(timeoutSeconds);
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
                    printProgress();
                    return null;
                }
                if (System.nanoTime() - deadline > 0) {
                    stopAll();
                    return stopping ? "agents did not stop within " + STOP_PATIENCE.toSeconds() + " s of being asked"
                            : "the agents did not finish within " + timeoutSeconds + " s (--timeout)";
                }
                if (System.nanoTime() - nextProgress > 0) {
                    printProgress();
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

        private void printProgress() {
            long emitted = processes.stream().mapToLong(AgentProcess::emitted).sum();
            long handled = processes.stream().mapToLong(AgentProcess::handled).sum();
            long done = processes.stream().filter(agent -> agent.role() == AgentRole.PLANNER).mapToLong(AgentProcess::done).sum();
            long alive = processes.stream().filter(AgentProcess::alive).count();
            out.printf("[%5.1fs] events emitted %5d   handled %5d   plans done %3d/%d   agents running %d%n",
                    (System.nanoTime() - started) / 1e9, emitted, handled, done, 2 * plans, alive);
            out.flush();
        }

        private void printLogHints() {
            out.println("agent logs:");
            processes.forEach(agent -> out.println("  " + agent.log()));
            out.flush();
        }

        /** Compares every plan's projection with the merged summaries; prints the table and a trail. */
        private int check() throws Exception {
            Map<String, ExpectedPlan> expected = new LinkedHashMap<>();
            for (String planId : DemoPlans.all(run, plans)) {
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
            out.println();
            out.printf("%-26s %-10s %-10s %-9s %-9s %-12s %-6s %s%n", "plan", "status", "phase", "decisions", "tools",
                    "budget", "events", "check");
            List<String> failures = new ArrayList<>();
            Map<String, Long> byStatus = new LinkedHashMap<>();
            for (ExpectedPlan plan : expected.values()) {
                boolean root = !plan.planId().endsWith("-sub");
                String parent = root ? null : plan.planId().substring(0, plan.planId().length() - "-sub".length());
                List<String> children = root ? List.of(DemoPlans.childOf(plan.planId())) : List.of();
                JsonNode state = awaitPlan(plan);
                List<String> differences = state == null ? List.of("not in the projection")
                        : plan.differences(state, parent, children);
                if (state != null) {
                    out.printf("%-26s %-10s %-10s %-9s %-9s %-12s %-6d %s%n", plan.planId(), state.path("status").asText(),
                            state.path("phase").asText(), state.at("/decisionsByOutcome/approved").asLong() + " ok/"
                                    + state.at("/decisionsByOutcome/rejected").asLong() + " no",
                            state.path("toolCalls").asLong() + " (" + state.path("toolFailures").asLong() + " x)",
                            state.path("budgetConsumed").asDouble() + "/" + state.path("budgetAllocated").asDouble(),
                            state.path("eventCount").asLong(), differences.isEmpty() ? "ok" : "MISMATCH");
                } else {
                    out.printf("%-26s %s%n", plan.planId(), "MISSING from the projection");
                }
                byStatus.merge(String.valueOf(plan.status()), 1L, Long::sum);
                differences.forEach(difference -> failures.add(plan.planId() + " " + difference));
            }
            printTrail(expected.values().stream().filter(plan -> "completed".equals(plan.status())).map(ExpectedPlan::planId)
                    .findFirst().orElse(DemoPlans.root(run, 0)));
            out.println();
            out.printf("%d plans (%s); %d events emitted by %d agent processes (pids %s), %d handled, %d passing errors retried%n",
                    expected.size(), byStatus.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                            .collect(Collectors.joining(", ")), emitted, processes.size(),
                    processes.stream().map(agent -> Long.toString(agent.pid())).collect(Collectors.joining(" ")), handled, retried);
            out.printf("finished in %.1f s%n", (System.nanoTime() - started) / 1e9);
            if (failures.isEmpty()) {
                out.println("projections agree with what the agents emitted: OK");
                out.flush();
                return 0;
            }
            out.println("projections DISAGREE with what the agents emitted:");
            failures.forEach(failure -> out.println("  " + failure));
            out.flush();
            return 1;
        }

        /** The plan's projected state once it reflects every emitted event (or the patience ran out). */
        private JsonNode awaitPlan(ExpectedPlan plan) throws InterruptedException {
            long deadline = System.nanoTime() + PROJECTION_PATIENCE.toNanos();
            JsonNode state = null;
            while (System.nanoTime() < deadline) {
                JsonNode body = get("/plans/" + encode(plan.planId()));
                if (body != null && body.has("plan")) {
                    state = body.get("plan");
                    if (state.path("eventCount").asLong() >= plan.events() && plan.status() != null
                            && plan.status().equals(state.path("status").asText())) {
                        return state;
                    }
                }
                Thread.sleep(100);
            }
            return state;
        }

        private void printTrail(String planId) {
            JsonNode trail = get("/audit?planId=" + encode(planId));
            if (trail == null) {
                return;
            }
            out.println();
            out.println("audit trail of " + planId + " (GET " + queryUrl + "/audit?planId=" + planId + "):");
            for (JsonNode entry : trail.path("entries")) {
                out.printf("  %-27s %-22s %-36s %s-%d@%d%n", entry.path("timestamp").asText(), entry.path("eventType").asText(),
                        entry.path("source").asText(), entry.path("topic").asText(), entry.path("partition").asInt(),
                        entry.path("offset").asLong());
            }
        }

        /** The JSON body of a 200 answer, or null. */
        private JsonNode get(String path) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(queryUrl + path))
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
