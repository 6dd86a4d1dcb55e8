package io.agentevents.cli;

import io.agentevents.platform.demo.DemoListener;
import io.agentevents.platform.demo.DemoRun;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.ClusterReachability;
import io.agentevents.streams.model.AuditEntry;
import io.agentevents.streams.model.AuditTrail;
import io.agentevents.streams.model.PlanState;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
                "Starts the local platform unless --bootstrap (and --registry, --query-url) are given."})
public final class DemoCommand implements Callable<Integer> {
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
            description = "Schema registry of that Kafka. Default with --bootstrap: " + ClusterAddress.LOCAL_REGISTRY + ".")
    String registry;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client settings of that Kafka and registry in Kafka's and Confluent's names (security.protocol, "
                    + "sasl.*, ssl.*, basic.auth.user.info; bootstrap.servers and schema.registry.url stand for --bootstrap "
                    + "and --registry), as eventbus local --sasl writes them. The demo and every agent process log in with it.")
    Path commandConfig;

    @Option(names = {"--query-url", "--url"}, paramLabel = "URL",
            description = "Query API of projections already running against that Kafka (--url is the older spelling). "
                    + "Default with --bootstrap: http://127.0.0.1:8080.")
    String url;

    @Option(names = "--prefix", defaultValue = "events", paramLabel = "PREFIX", description = "Topic prefix. Default: ${DEFAULT-VALUE}.")
    String prefix;

    @Option(names = "--agents-from", paramLabel = "DIR",
            description = "Run agents of other languages from DIR (the repository's examples) beside the Java ones: "
                    + "DIR/python/agent.py as decider-0 (needs /usr/bin/python3 with python3-confluent-kafka and python3-avro), "
                    + "DIR/node/agent.js as tool-runner-0 (needs node and DIR/node/node_modules). "
                    + "One that cannot run here is left out with a note.")
    Path agentsFrom;

    @Option(names = "--keep",
            description = "Keep the local platform running after the run (its query API, /metrics) until Ctrl-C or SIGTERM; "
                    + "the exit code is the run's. Not with --bootstrap.")
    boolean keep;

    @Option(names = "--timeout", defaultValue = "180", paramLabel = "SECONDS",
            description = "Give up (exit 1) when the agents have not finished by then. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ClusterConnection cluster = ClusterAddress.external(spec.commandLine(), bootstrap, registry, commandConfig,
                registry != null || url != null || commandConfig != null, "--registry, --query-url and --command-config");
        DemoRun.Settings settings;
        try {
            settings = new DemoRun.Settings(agents, plans, cluster, commandConfig, url, prefix, Duration.ofSeconds(timeoutSeconds),
                    agentsFrom);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (keep && cluster != null) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--keep keeps the demo's own local platform running; with --bootstrap the platform is yours already");
        }
        if (cluster != null) {
            // an unreachable Kafka is named within 10 s, not after the provisioning's own timeout
            ClusterReachability.require(cluster, ClusterReachability.WITHIN);
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch finished = new CountDownLatch(1);
        try {
            return DemoRun.run(settings, AgentCommand::command, new Console(out),
                    keep ? queryUrl -> keepRunning(out, queryUrl, finished) : null);
        } finally {
            finished.countDown();
        }
    }

    /**
     * Holds the demo's platform up until the process is told to stop (Ctrl-C, SIGTERM). The shutdown
     * hook then waits (up to a minute) until the demo has closed the platform and returned.
     */
    private static void keepRunning(PrintWriter out, String queryUrl, CountDownLatch finished) throws InterruptedException {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "eventbus-demo-keep"));
        out.println();
        out.println("the platform keeps running (--keep): console " + queryUrl + "/, query API " + queryUrl + ", metrics "
                + queryUrl + "/metrics; Ctrl-C to stop");
        out.flush();
        stop.await();
    }

    /** Prints the run as it goes. */
    private static final class Console implements DemoListener {
        private final PrintWriter out;

        Console(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void startingPlatform() {
            out.println("starting the local platform (Kafka, schema registry, projections) ...");
            out.flush();
        }

        @Override
        public void connected(String kafka, String schemaRegistry, String queryUrl) {
            out.printf("kafka %s, schema registry %s, query API %s, console %s/%n", kafka, schemaRegistry, queryUrl, queryUrl);
        }

        @Override
        public void note(String note) {
            out.println("note: " + note);
            out.flush();
        }

        @Override
        public void launched(String run, int plans, List<Agent> agents) {
            out.printf("run %s: %d agents, %d plans (+ %d sub-plans)%n", run, agents.size(), plans, plans);
            agents.forEach(agent -> out.printf("  agent %-14s pid %d%s%n", agent.name(), agent.pid(),
                    "java".equals(agent.language()) ? "" : "  (" + agent.language() + ": " + agent.program() + ")"));
            out.flush();
        }

        @Override
        public void progress(Progress progress) {
            out.printf("[%5.1fs] events emitted %5d   handled %5d   plans done %3d/%d   agents running %d%n", progress.seconds(),
                    progress.emitted(), progress.handled(), progress.plansDone(), progress.plans(), progress.agentsAlive());
            out.flush();
        }

        @Override
        public void failed(String failure, List<Path> agentLogs) {
            out.println("FAILED: " + failure);
            out.println("agent logs:");
            agentLogs.forEach(log -> out.println("  " + log));
            out.flush();
        }

        @Override
        public void checking() {
            out.println();
            out.printf("%-26s %-10s %-10s %-9s %-9s %-12s %-6s %s%n", "plan", "status", "phase", "decisions", "tools",
                    "budget", "events", "check");
        }

        @Override
        public void planChecked(PlanCheck check) {
            PlanState state = check.state();
            if (state == null) {
                out.printf("%-26s %s%n", check.planId(), "MISSING from the projection");
                return;
            }
            out.printf("%-26s %-10s %-10s %-9s %-9s %-12s %-6d %s%n", check.planId(), state.status(), state.phase(),
                    state.decisionsByOutcome().getOrDefault("approved", 0L) + " ok/"
                            + state.decisionsByOutcome().getOrDefault("rejected", 0L) + " no",
                    state.toolCalls() + " (" + state.toolFailures() + " x)",
                    state.budgetConsumed() + "/" + state.budgetAllocated(), state.eventCount(),
                    check.differences().isEmpty() ? "ok" : "MISMATCH");
        }

        @Override
        public void trail(String planId, String url, AuditTrail trail) {
            out.println();
            out.println("audit trail of " + planId + " (GET " + url + "/audit?planId=" + planId + "):");
            for (AuditEntry entry : trail.entries()) {
                out.printf("  %-27s %-22s %-36s %s-%d@%d%n", entry.timestamp(), entry.eventType(), entry.source(),
                        entry.topic(), entry.partition(), entry.offset());
            }
        }

        @Override
        public void traces(Traces traces) {
            out.println();
            out.printf("traces: %d for %d plan trees; %d of %d reactions in their cause's trace (traceparent)%s%n",
                    traces.traces(), traces.plans(), traces.reactions() - traces.broken().size(), traces.reactions(),
                    traces.intact() ? ": OK" : "");
        }

        @Override
        public void finished(Outcome outcome) {
            out.println();
            out.printf("%d plans (%s); %d events emitted by %d agent processes (pids %s), %d handled, %d passing errors retried%n",
                    outcome.plans(), outcome.byStatus().entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                            .collect(Collectors.joining(", ")), outcome.emitted(), outcome.pids().size(),
                    outcome.pids().stream().map(pid -> Long.toString(pid)).collect(Collectors.joining(" ")),
                    outcome.handled(), outcome.retried());
            out.printf("finished in %.1f s%n", outcome.seconds());
            if (outcome.agrees()) {
                out.println("projections agree with what the agents emitted: OK");
            } else {
                out.println("projections DISAGREE with what the agents emitted:");
                outcome.failures().forEach(failure -> out.println("  " + failure));
            }
            out.flush();
        }
    }
}
