package io.agentevents.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.agentevents.local.LocalPlatform;
import io.agentevents.local.LocalPlatformConfig;
import io.agentevents.cli.ExternalCluster;
import io.agentevents.schemas.connection.ClusterConnection;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.concurrent.Callable;

/**
 * {@code eventbus bench} ({@code java -jar eventbus-bench.jar}, see {@link BenchMain}): the platform against raw Kafka, side by side in one run. Starts the local
 * platform (unless {@code --bootstrap}/{@code --registry} are given), then runs A/B pairs, ours then
 * the baselines, each side a child JVM of the same heap on fresh topics with the same partitions:
 * emit throughput against {@code ProducerPerformance}, emit-to-handler latency (at the bus's
 * {@code linger.ms} and at 0) against {@code EndToEndLatency}, a no-op subscriber against
 * {@code ConsumerPerformance} and against a plain consumer decoding with Avro, slow handlers at
 * several concurrencies against the ideal, the projections catching up with a backlog (and their
 * write amplification), and {@code eventbus local}'s time to a queryable platform; after the pairs,
 * the stall check ({@code --repeat} runs). Prints a table, writes {@code summary.json} and
 * {@code summary.svg}. Targets are reported, not enforced: exit 0 when the run completed, 1 when a
 * measurement failed, 2 for bad options.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmark the platform against raw Kafka in one run: emit throughput vs ProducerPerformance, "
                + "end-to-end latency vs EndToEndLatency, subscriber throughput vs ConsumerPerformance and vs a plain "
                + "consumer + Avro, 10 ms handlers at concurrency 1/16/64/256 vs the ideal and a repeated stall check, "
                + "the projections' catch-up rate and write amplification, eventbus local's time to ready; peak memory "
                + "of every process.",
                "Each side runs in a child JVM with the same -Xmx, alternating ours/raw in pairs. Writes "
                        + "<out>/summary.json and <out>/summary.svg. Starts the local platform unless --bootstrap is given."})
public final class BenchCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<Integer> LEVELS = List.of(1, 16, 64, 256);
    /** Arguments of the java launcher that are not JVM options: the bench sets them itself. */
    private static final Set<String> NOT_JVM_OPTIONS = Set.of("-cp", "-classpath", "--class-path", "-jar", "-m", "--module");
    private static final int HANDLER_MS = 10;

    @Option(names = "--events", paramLabel = "N",
            description = "Records per throughput measurement and events in the projection backlog. Default: 100000, 20000 with --quick.")
    Long events;

    @Option(names = "--round-trips", paramLabel = "N",
            description = "Round trips of the latency measurement. Default: 2000, 500 with --quick.")
    Integer roundTrips;

    @Option(names = "--size-details", defaultValue = "256", paramLabel = "B",
            description = "Bytes of the detail string of each event (the record value is measured from it). Default: ${DEFAULT-VALUE}.")
    int detailsBytes;

    @Option(names = "--quick", description = "Fewer events, round trips, pairs (2) and stall-check runs (3): minutes rather than tens of minutes on 2 cores.")
    boolean quick;

    @CommandLine.Mixin
    ExternalCluster external;

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "P", description = "Partitions of every topic the bench makes. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--replication", defaultValue = "1", paramLabel = "R", description = "Replication of every topic the bench makes. Default: ${DEFAULT-VALUE}.")
    short replication;

    @Option(names = "--heap", defaultValue = "512m", paramLabel = "SIZE", description = "-Xmx of every child JVM, both sides. Default: ${DEFAULT-VALUE}.")
    String heap;

    @Option(names = "--jvm-option", paramLabel = "OPTION",
            description = "A JVM option for every child JVM, both sides (repeatable), e.g. --jvm-option=-XX:+UseZGC; "
                    + "the figures then hold for that setting. Default: none (the JVM's defaults).")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "--out", defaultValue = "target/bench", paramLabel = "DIR",
            description = "Where summary.json, summary.svg and the child JVMs' logs go. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--jfr", description = "Record our side's child JVMs with Java Flight Recorder (<out>/jfr/*.jfr); skews our figures.")
    boolean jfr;

    @Option(names = "--repeat", paramLabel = "N",
            description = "Runs of the stall check (64-way 10 ms handlers, 4,000 events, 60 s each). Default: 20, 3 with --quick.")
    Integer repeat;

    @Option(names = "--pairs", hidden = true, paramLabel = "K", description = "A/B pairs. Default: 3, 2 with --quick.")
    Integer pairs;

    @Option(names = "--slot-events", hidden = true, paramLabel = "E",
            description = "Events per handler slot in the 10 ms handler sweep. Default: 100, 30 with --quick.")
    Integer slotEvents;

    @Option(names = "--measure", hidden = true, split = ",", paramLabel = "WHAT",
            description = "Only these measurements: emit, e2e, consumer, concurrency, stalls, projections, ready, cli "
                    + "(the one-shot eventbus emit), compression (emit per compression type; only when named). Default: all but compression.")
    List<String> measures;

    @Option(names = "--verbose", description = "On failure, print the stack trace too.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ClusterConnection given = external.connection(spec.commandLine(), false, "--registry and --command-config");
        BenchSettings settings = settings(given == null ? "embedded" : given.bootstrapServers());
        PrintWriter console = spec.commandLine().getOut();
        Map<String, Object> machine = MachineInfo.collect();
        String run = BenchRun.newRunId();
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long started = System.nanoTime();
        LocalPlatform platform = null;
        BenchRun bench = null;
        try {
            ClusterConnection connection = given;
            if (connection == null) {
                console.println("starting the local platform (Kafka, schema registry) ...");
                console.flush();
                platform = LocalPlatform.start(LocalPlatformConfig.onFreePorts());
                connection = ClusterConnection.of(platform.bootstrapServers(), platform.schemaRegistryUrl());
            }
            String kafka = connection.bootstrapServers();
            bench = BenchRun.of(settings, connection, external.commandConfig().map(Path::toAbsolutePath), run, console);
            BenchEvents.RecordShape shape = bench.recordShape();
            console.printf(Locale.ROOT, "%s on kafka %s: %,d events (value %d bytes, key %d, %d headers), %,d round trips, "
                            + "%d pair(s), %d partitions, -Xmx%s per child JVM, %d cores (load %s)%n", run, kafka,
                    settings.events(), shape.valueBytes(), shape.keyBytes(), shape.headers(), settings.roundTrips(),
                    settings.pairs(), settings.partitions(), settings.heap(), (Integer) machine.get("nproc"),
                    machine.get("load_average_at_start"));
            console.flush();
            Measurements.Results results = bench.execute();
            machine.put("load_average_at_end", MachineInfo.loadAverage());
            Map<String, Object> runSettings = new LinkedHashMap<>(settings.toMap());
            runSettings.put("run", run);
            runSettings.put("started", startedAt.toString());
            runSettings.put("duration_s", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
            runSettings.put("record", shape.toMap());
            runSettings.put("producer_settings", bench.producerSettings());
            runSettings.put("consumer_settings", Map.of("ours", "SubscriberConfig defaults (read_committed, max.poll.records 500)",
                    "raw", "ConsumerPerformance defaults with isolation.level=read_committed, max.poll.records=500",
                    "avro", "KafkaConsumer defaults with isolation.level=read_committed, max.poll.records=500, "
                            + "enable.auto.commit=false (commitAsync per poll), auto.offset.reset=earliest"));
            runSettings.put("stall_check", Map.of("concurrency", BenchSettings.STALL_CONCURRENCY,
                    "events", BenchSettings.STALL_EVENTS, "correlation_ids", BenchSettings.STALL_CORRELATION_IDS,
                    "limit_s", BenchSettings.STALL_LIMIT_SECONDS));
            BenchSummary summary = new BenchSummary(runSettings, machine, results);
            console.println();
            console.print(summary.table());
            write(summary, settings.outDirectory(), machine, startedAt);
            console.printf("wrote %s and %s (%.0f s)%n", settings.outDirectory().resolve("summary.json"),
                    settings.outDirectory().resolve("summary.svg"), (System.nanoTime() - started) / 1e9);
            console.flush();
            return 0;
        } finally {
            if (platform != null) {
                platform.close();
            } else if (bench != null) {
                bench.deleteTopics();
            }
        }
    }

    private static void write(BenchSummary summary, Path directory, Map<String, Object> machine, Instant startedAt)
            throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("summary.json"), JSON.writeValueAsString(summary.toJson()) + System.lineSeparator(),
                StandardCharsets.UTF_8);
        String subtitle = String.format(Locale.ROOT, "%s; %s cores, %s; Java %s; load %s -> %s", startedAt,
                machine.get("nproc"), machine.get("cpu_model") == null ? "CPU unknown" : machine.get("cpu_model"),
                machine.get("java_version"), machine.get("load_average_at_start"), machine.get("load_average_at_end"));
        Files.writeString(directory.resolve("summary.svg"), SummarySvg.render(summary, subtitle), StandardCharsets.UTF_8);
    }

    private BenchSettings settings(String clusterName) {
        CommandLine commandLine = spec.commandLine();
        long eventCount = events != null ? events : quick ? 20_000 : 100_000;
        int trips = roundTrips != null ? roundTrips : quick ? 500 : 2_000;
        int pairCount = pairs != null ? pairs : quick ? 2 : 3;
        int perSlot = slotEvents != null ? slotEvents : quick ? 30 : 100;
        int runs = repeat != null ? repeat : quick ? 3 : 20;
        check(eventCount >= 100 && eventCount <= 100_000_000, "--events must be 100..100000000, was " + eventCount);
        check(trips >= 10 && trips <= 1_000_000, "--round-trips must be 10..1000000, was " + trips);
        check(pairCount >= 1 && pairCount <= 20, "--pairs must be 1..20, was " + pairCount);
        check(perSlot >= 1 && perSlot <= 10_000, "--slot-events must be 1..10000, was " + perSlot);
        check(runs >= 1 && runs <= 1_000, "--repeat must be 1..1000, was " + runs);
        check(detailsBytes >= 0 && detailsBytes <= 256 * 1024, "--size-details must be 0..262144, was " + detailsBytes);
        check(partitions >= 1 && partitions <= 1000, "--partitions must be 1..1000, was " + partitions);
        check(replication >= 1 && replication <= 10, "--replication must be 1..10, was " + replication);
        check(heap.matches("\\d+[kKmMgG]?"), "--heap must be a JVM size such as 512m, was '" + heap + "'");
        for (String option : jvmOptions) {
            check(option.matches("-\\S+") && !NOT_JVM_OPTIONS.contains(option) && !option.startsWith("-Xmx"),
                    "--jvm-option must be one JVM option such as -XX:+UseZGC (not a class path, a main, or -Xmx: see --heap), was '"
                            + option + "'");
        }
        Set<String> chosen = measures == null ? BenchSettings.ALL_MEASURES : new LinkedHashSet<>(measures);
        List<String> unknown = new ArrayList<>(chosen);
        unknown.removeAll(BenchSettings.ALL_MEASURES);
        unknown.removeAll(BenchSettings.OPTIONAL_MEASURES);
        check(unknown.isEmpty(), "unknown --measure " + unknown + "; valid: " + Arrays.toString(Stream.concat(
                BenchSettings.ALL_MEASURES.stream(), BenchSettings.OPTIONAL_MEASURES.stream()).sorted().toArray()));
        return new BenchSettings(clusterName, quick, eventCount, trips, pairCount, partitions,
                replication, detailsBytes, heap, jvmOptions, perSlot, LEVELS, HANDLER_MS, chosen, out, jfr, runs);
    }

    private void check(boolean condition, String message) {
        if (!condition) {
            throw new CommandLine.ParameterException(spec.commandLine(), message);
        }
    }
}
