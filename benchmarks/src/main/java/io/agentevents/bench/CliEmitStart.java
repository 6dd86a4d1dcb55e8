package io.agentevents.bench;

import io.agentevents.bench.Measurements.CliEmit;
import io.agentevents.schemas.Domain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cli_emit_s} measurement: how long {@code eventbus emit} takes from the command to its
 * printed result, as a user runs it against a running platform (here the bench's). Runs the real
 * command as a child process, one run after another: the {@code eventbus} script of the checkout
 * when it is there beside the bench's jar ({@code <checkout>/benchmarks/target/eventbus-bench.jar}),
 * with the class-data archive and JVM options the script gives short commands, else
 * {@code java -cp <the bench's class path> io.agentevents.cli.Main emit ...} (as {@code java -jar
 * eventbus.jar}). Each run emits one {@code plan.created} under a topic prefix of its own (its plan
 * topic made first), and must exit 0 having printed the JSON line with {@code waitFor}. One warm-up run
 * is not counted: it makes the script's archive when it is missing (a few seconds, once per build).
 */
final class CliEmitStart {
    private static final Duration WARMUP_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(60);

    private final BenchCluster cluster;
    private final ChildJvm processes;
    private final List<String> launcher;

    /**
     * @param cluster   the bench's platform
     * @param processes runs each child ({@link ChildJvm#exec}) and keeps its log
     * @param launcher  the command before {@code emit}, e.g. {@code [<checkout>/eventbus]}
     */
    CliEmitStart(BenchCluster cluster, ChildJvm processes, List<String> launcher) {
        this.cluster = cluster;
        this.processes = processes;
        this.launcher = List.copyOf(launcher);
    }

    /**
     * The command before {@code emit}: the {@code eventbus} script of the checkout the bench's jar was
     * built in, when it and the cli's jar are there; else {@code java -cp <classPath>} and the cli's main.
     */
    static List<String> launcher(String classPath) {
        Path jar = Path.of(classPath).toAbsolutePath();
        Path checkout = jar.getParent() == null || jar.getParent().getParent() == null ? null
                : jar.getParent().getParent().getParent();
        if (checkout != null && jar.getFileName().toString().equals("eventbus-bench.jar")) {
            Path script = checkout.resolve("eventbus");
            if (Files.isExecutable(script) && Files.isRegularFile(checkout.resolve("cli").resolve("target").resolve("eventbus.jar"))) {
                return List.of(script.toString());
            }
        }
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
                LocalReadiness.EVENTBUS_MAIN);
    }

    /** {@code runs} timed runs after one warm-up, each emitting one event under {@code prefix}. */
    CliEmit measure(String prefix, int runs) throws InterruptedException {
        cluster.createTopics(List.of(Domain.PLAN.topic(prefix)));
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of("emit", "--type", "plan.created", "--plan-id", prefix + "-plan", "--prefix", prefix,
                "--bootstrap", cluster.bootstrap(), "--registry", cluster.registry()));
        command.addAll(cluster.clientSettingsFlag());
        checked(processes.exec(prefix + "-warmup", command, WARMUP_TIMEOUT));
        List<Double> seconds = new ArrayList<>();
        Double peak = null;
        for (int i = 1; i <= runs; i++) {
            ChildJvm.Result result = checked(processes.exec(prefix + "-" + i, command, RUN_TIMEOUT));
            seconds.add(result.wallSeconds());
            if (result.peakRssMb() != null) {
                peak = peak == null ? result.peakRssMb() : Math.max(peak, result.peakRssMb());
            }
        }
        return new CliEmit(String.join(" ", launcher) + " emit ...", seconds, peak);
    }

    /** The run, when it exited 0 having printed the event and where it landed. */
    private static ChildJvm.Result checked(ChildJvm.Result result) {
        boolean printed = result.output().stream().anyMatch(line -> line.startsWith("{\"event\":") && line.contains("\"waitFor\":"));
        if (result.exitCode() != 0 || !printed) {
            throw new IllegalStateException(result.name() + " exited " + result.exitCode()
                    + (printed ? "" : " without printing the emitted event") + "; its log: " + result.log());
        }
        return result;
    }
}
