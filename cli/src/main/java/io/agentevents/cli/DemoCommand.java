package io.agentevents.cli;

import io.agentevents.platform.demo.AgentSettings;
import io.agentevents.platform.demo.DemoPrinter;
import io.agentevents.platform.demo.DemoRun;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.ClusterReachability;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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

    @Mixin
    ExternalCluster external;

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
        ClusterConnection cluster = external.connection(spec.commandLine(), url != null,
                "--registry, --query-url and --command-config");
        DemoRun.Settings settings;
        try {
            settings = new DemoRun.Settings(agents, plans, cluster, external.commandConfig().orElse(null), url, prefix, Duration.ofSeconds(timeoutSeconds),
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
            return DemoRun.run(settings, agent -> AgentSettings.javaCommand(Main.class.getName(),
                            Stream.concat(Stream.of("agent"), agent.flags().stream()).toList()), new DemoPrinter(out),
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
}
