package io.agentevents.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The resolved settings of one {@code eventbus bench} run.
 *
 * @param cluster      {@code embedded} (the local platform started by the bench) or the bootstrap servers given
 * @param events       records per throughput measurement, and the projection backlog
 * @param roundTrips   round trips of the latency measurement
 * @param pairs        A/B rounds (ours, raw Kafka, ours, raw Kafka, ...)
 * @param partitions   partitions of every topic the bench makes
 * @param replication  replication of every topic the bench makes
 * @param detailsBytes size of the detail string of each event
 * @param heap         {@code -Xmx} of every child JVM
 * @param jvmOptions   further JVM options of every child JVM, both sides (none: the JVM's defaults)
 * @param slotEvents   events per handler slot in the slow-handler sweep (events = slotEvents x concurrency)
 * @param levels       the concurrencies of the sweep
 * @param handlerMs    the slow handler's time
 * @param measures     the measurements to run
 * @param outDirectory where {@code summary.json}, {@code summary.svg} and the child logs go
 * @param jfr          record our side's child JVMs with Java Flight Recorder
 * @param repeat       runs of the stall check ({@value #STALL_CONCURRENCY}-way, {@value #STALL_EVENTS} events)
 */
record BenchSettings(String cluster, boolean quick, long events, int roundTrips, int pairs, int partitions, short replication,
                     int detailsBytes, String heap, List<String> jvmOptions, int slotEvents, List<Integer> levels, int handlerMs,
                     Set<String> measures, Path outDirectory, boolean jfr, int repeat) {

    static final Set<String> ALL_MEASURES = Set.of("emit", "e2e", "consumer", "concurrency", "stalls", "projections", "ready",
            "cli");
    /** Measurements run only when {@code --measure} names them. */
    static final Set<String> OPTIONAL_MEASURES = Set.of("compression");
    /** The producer's compression types, in the order {@code --measure compression} runs them. */
    static final List<String> COMPRESSION_TYPES = List.of("lz4", "gzip", "none", "zstd", "snappy");
    /** The stall check: events over correlation ids, at a concurrency, each run within a limit. */
    static final int STALL_CONCURRENCY = 64;
    static final int STALL_EVENTS = 4_000;
    static final int STALL_CORRELATION_IDS = 500;
    static final int STALL_LIMIT_SECONDS = 60;

    BenchSettings {
        jvmOptions = List.copyOf(jvmOptions);
        levels = List.copyOf(levels);
        measures = Set.copyOf(measures);
    }

    boolean measures(String measure) {
        return measures.contains(measure);
    }

    int maxLevel() {
        return levels.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    Map<String, Object> toMap() {
        return JsonFields.ordered("cluster", cluster, "quick", quick, "events", events, "round_trips", roundTrips,
                "pairs", pairs, "partitions", partitions, "replication", replication, "details_bytes", detailsBytes,
                "heap", heap, "jvm_options", jvmOptions, "slot_events", slotEvents, "levels", levels, "handler_ms", handlerMs,
                "measures", measures.stream().sorted().toList(), "jfr", jfr, "repeat", repeat);
    }
}
