package io.agentevents.bench;

import io.agentevents.bench.Measurements.CliEmit;
import io.agentevents.bench.Measurements.Codec;
import io.agentevents.bench.Measurements.Concurrency;
import io.agentevents.bench.Measurements.Latency;
import io.agentevents.bench.Measurements.LocalReady;
import io.agentevents.bench.Measurements.Pair;
import io.agentevents.bench.Measurements.Projection;
import io.agentevents.bench.Measurements.Results;
import io.agentevents.bench.Measurements.StallCheck;
import io.agentevents.bench.Measurements.StallRun;
import io.agentevents.bench.Measurements.Throughput;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.connection.ClusterConnection;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One benchmark run against one cluster: first a broker warm-up (events emitted by this JVM, not
 * measured), then for each pair, each measurement runs our side and the baselines (Kafka's tool; for the
 * subscriber also the plain consumer + Avro), ours first in odd pairs and last in even ones, each in a child JVM of
 * the same heap, each on topics of its own with the same partitions (the subscriber comparison reads
 * one pre-filled topic with a group per side). The slow-handler sweep and {@code eventbus local}'s
 * time to ready run in every pair; the projections and the one-shot {@code eventbus emit}, which have
 * no raw side to alternate with, in the first only; the stall check after the pairs. Prints a progress line per measurement.
 */
record BenchRun(BenchSettings settings, String run, PrintWriter out, BenchCluster cluster, BenchEvents events,
                OurWorkers ours, KafkaTools tools, LocalReadiness local, CliEmitStart cli, long started) {
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration LOCAL_PATIENCE = Duration.ofMinutes(2);
    /** Timed runs of the one-shot {@code eventbus emit}. */
    private static final int CLI_RUNS = 10;
    private static final int CLI_RUNS_QUICK = 5;

    /** A run named {@code run} on the cluster at {@code bootstrap}, its clock started now. */
    static BenchRun of(BenchSettings settings, ClusterConnection connection, Optional<Path> clientSettings, String run,
                       PrintWriter out) {
        BenchCluster cluster = new BenchCluster(connection, clientSettings, settings.partitions(), settings.replication());
        BenchEvents events = new BenchEvents(run, settings.detailsBytes());
        ChildJvm jvm = new ChildJvm(settings.heap(), settings.jvmOptions(), settings.outDirectory().resolve("logs"));
        return new BenchRun(settings, run, out, cluster, events, new OurWorkers(settings, cluster, jvm, CHILD_TIMEOUT),
                new KafkaTools(settings, cluster, events.recordShape(), jvm, CHILD_TIMEOUT),
                new LocalReadiness(settings.outDirectory().resolve("logs"), LOCAL_PATIENCE, settings.jvmOptions()),
                new CliEmitStart(cluster, jvm, CliEmitStart.launcher(System.getProperty("java.class.path"))), System.nanoTime());
    }

    BenchEvents.RecordShape recordShape() {
        return events.recordShape();
    }

    /** The producer settings both emit sides use. */
    Map<String, String> producerSettings() {
        return cluster.producerSettings();
    }

    Results execute() throws InterruptedException {
        if (settings.measures("emit") || settings.measures("e2e") || settings.measures("consumer")) {
            // the first measurement would otherwise meet a broker whose own code is not compiled yet (it runs in this
            // JVM when the bench starts it): whichever side went first paid for it, 20-30 % of its rate and more memory
            cluster.fill(events, run + "-warmup", settings.events(), BenchEvents.CORRELATION_IDS);
            out.printf(Locale.ROOT, "[%5.1fs] broker warm-up: %,d events emitted, not measured%n", elapsed(), settings.events());
            out.flush();
        }
        List<Pair> pairs = new ArrayList<>();
        for (int i = 1; i <= settings.pairs(); i++) {
            pairs.add(pair(i));
        }
        StallCheck stalls = settings.measures("stalls") ? stallCheck(run + "-stall") : null;
        return new Results(pairs, stalls);
    }

    private Pair pair(int index) throws InterruptedException {
        String prefix = run + "-p" + index;
        boolean oursFirst = index % 2 == 1; // odd pairs run our side first, even pairs the baselines first
        Throughput emitOurs = null;
        Throughput emitRaw = null;
        if (settings.measures("emit")) {
            if (!oursFirst) {
                emitRaw = tools.producerPerformance(prefix + "-emit-raw", warmup());
            }
            emitOurs = ours.emit(prefix + "-emit", warmup());
            if (oursFirst) {
                emitRaw = tools.producerPerformance(prefix + "-emit-raw", warmup());
            }
            progress(index, "emit", rate(emitOurs), "raw Kafka " + rate(emitRaw));
        }
        Latency e2eOurs = null;
        Latency e2eNoLinger = null;
        Latency e2eRaw = null;
        if (settings.measures("e2e")) {
            if (!oursFirst) {
                e2eRaw = tools.endToEndLatency(prefix + "-e2e-raw");
            }
            e2eOurs = ours.endToEnd(prefix + "-e2e", null);
            e2eNoLinger = ours.endToEnd(prefix + "-e2e0", 0);
            if (oursFirst) {
                e2eRaw = tools.endToEndLatency(prefix + "-e2e-raw");
            }
            progress(index, "e2e", latency(e2eOurs) + "; at linger.ms=0 " + latency(e2eNoLinger),
                    "raw Kafka " + latency(e2eRaw));
        }
        Throughput consumerOurs = null;
        Throughput consumerRaw = null;
        Throughput consumerAvro = null;
        if (settings.measures("consumer")) {
            String filled = prefix + "-emit";
            if (emitOurs == null) {
                filled = prefix + "-fill";
                cluster.fill(events, filled, settings.events(), BenchEvents.CORRELATION_IDS);
            }
            if (!oursFirst) {
                consumerRaw = tools.consumerPerformance(filled);
                consumerAvro = ours.avroBaseline(filled);
            }
            consumerOurs = ours.subscriber(filled);
            if (oursFirst) {
                consumerRaw = tools.consumerPerformance(filled);
                consumerAvro = ours.avroBaseline(filled);
            }
            progress(index, "subscriber", rate(consumerOurs), "raw Kafka " + rate(consumerRaw) + " | consumer + Avro "
                    + rate(consumerAvro));
        }
        Concurrency concurrency = null;
        if (settings.measures("concurrency")) {
            concurrency = ours.concurrency(events, prefix + "-slow");
            progress(index, "10 ms handlers", concurrency.levels().stream().map(level -> String.format(Locale.ROOT,
                    "c=%d %.0f%%", level.concurrency(), level.efficiency() * 100)).collect(Collectors.joining(", "))
                    + peak(concurrency.peakRssMb()), "(ideal: events x 10 ms / concurrency)");
        }
        Projection projection = null;
        if (settings.measures("projections") && index == 1) { // no raw side to alternate with: once per run
            projection = ours.projections(events, prefix + "-proj");
            Double amplification = projection.writes() == null ? null : projection.writes().ratio();
            progress(index, "projections", String.format(Locale.ROOT,
                    "%,.0f events/s, caught up in %.1f s (%d of %d events in plans), write amplification %s",
                    projection.eventsPerSecond(), projection.catchUpSeconds(), projection.planEventCount(), projection.events(),
                    amplification == null ? "n/a" : String.format(Locale.ROOT, "%.1fx", amplification))
                    + peak(projection.peakRssMb()), "");
        }
        LocalReady ready = null;
        if (settings.measures("ready")) {
            ready = local.measure(prefix + "-local");
            progress(index, "eventbus local", String.format(Locale.ROOT, "queryable after %.1f s%s", ready.seconds(),
                    ready.stoppedOnSigterm() ? ", stopped on SIGTERM" : ", KILLED (did not stop on SIGTERM)")
                    + peak(ready.peakRssMb()), "");
        }
        CliEmit cliEmit = null;
        if (settings.measures("cli") && index == 1) { // no raw side to alternate with: once per run
            cliEmit = cli.measure(prefix + "-cli", settings.quick() ? CLI_RUNS_QUICK : CLI_RUNS);
            progress(index, "eventbus emit", String.format(Locale.ROOT, "command to printed result: median %.2f s, p90 %.2f s "
                    + "over %d runs", cliEmit.medianSeconds(), cliEmit.p90Seconds(), cliEmit.seconds().size())
                    + peak(cliEmit.peakRssMb()), "");
        }
        List<Codec> codecs = null;
        if (settings.measures("compression")) { // every pair, each starting with the next type: drift hits all alike
            codecs = new ArrayList<>();
            List<String> types = BenchSettings.COMPRESSION_TYPES;
            for (int t = 0; t < types.size(); t++) {
                String type = types.get((index - 1 + t) % types.size());
                Codec codec = ours.codec(prefix + "-codec-" + type, type, warmup());
                codecs.add(codec);
                progress(index, "emit, compression.type=" + type, String.format(Locale.ROOT, "%s, %,d bytes on the broker "
                        + "(%.0f per event)", rate(codec.emit()), codec.bytesOnBroker(), (double) codec.bytesOnBroker()
                        / codec.events()) + peak(codec.emit().peakRssMb()), "");
            }
        }
        return new Pair(index, emitOurs, emitRaw, e2eOurs, e2eNoLinger, e2eRaw, consumerOurs, consumerRaw, consumerAvro,
                concurrency, projection, ready, cliEmit, codecs);
    }

    /** The stall check: one pre-filled topic, {@code --repeat} subscribers on it, each in its own JVM and group. */
    private StallCheck stallCheck(String prefix) throws InterruptedException {
        cluster.fill(events, prefix, BenchSettings.STALL_EVENTS, BenchSettings.STALL_CORRELATION_IDS);
        Duration limit = Duration.ofSeconds(BenchSettings.STALL_LIMIT_SECONDS);
        List<StallRun> runs = new ArrayList<>();
        for (int i = 1; i <= settings.repeat(); i++) {
            StallRun result = ours.stallRun(prefix, i, BenchSettings.STALL_CONCURRENCY, BenchSettings.STALL_EVENTS, limit);
            runs.add(result);
            out.printf(Locale.ROOT, "[%5.1fs] stall check %d/%d: %s%n", elapsed(), i, settings.repeat(), result.completed()
                    ? String.format(Locale.ROOT, "%,d events in %.2f s, %.0f%% of ideal", result.events(),
                    result.level().seconds(), result.level().efficiency() * 100) : "STALLED: " + result.note());
            out.flush();
        }
        return new StallCheck(BenchSettings.STALL_CONCURRENCY, settings.handlerMs(), BenchSettings.STALL_EVENTS,
                BenchSettings.STALL_CORRELATION_IDS, BenchSettings.STALL_LIMIT_SECONDS, runs);
    }

    /** Emit records not timed on either side (JIT, metadata, registry look-ups): a fifth of the run. */
    private long warmup() {
        return settings.events() / 5;
    }

    /** Deletes every topic of this run (on a cluster the bench did not start). */
    void deleteTopics() {
        cluster.deleteTopics(run, out);
    }

    private double elapsed() {
        return (System.nanoTime() - started) / 1e9;
    }

    private void progress(int pair, String measurement, String ours, String baselines) {
        out.printf(Locale.ROOT, "[%5.1fs] pair %d/%d %-15s ours %s%s%n", elapsed(), pair, settings.pairs(),
                measurement, ours, baselines.isEmpty() ? "" : " | " + baselines);
        out.flush();
    }

    private static String rate(Throughput throughput) {
        return String.format(Locale.ROOT, "%,.0f records/s", throughput.recordsPerSecond()) + peak(throughput.peakRssMb());
    }

    private static String latency(Latency latency) {
        return String.format(Locale.ROOT, "p50 %d ms, p99 %d ms", latency.stats().p50Ms(), latency.stats().p99Ms()) + peak(latency.peakRssMb());
    }

    private static String peak(Double mb) {
        return mb == null ? "" : String.format(Locale.ROOT, " (peak %.0f MB)", mb);
    }

    static String newRunId() {
        return "bench-" + DomainEvent.newId().substring(20).toLowerCase(Locale.ROOT);
    }
}
