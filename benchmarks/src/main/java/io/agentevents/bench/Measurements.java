package io.agentevents.bench;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** The figures of one benchmark run: one {@link Pair} per A/B round, and the stall check. Immutable values. */
final class Measurements {
    private Measurements() {
    }

    /**
     * Records moved per second by one process, as compared (emit: after the warm-up; subscriber: the
     * fetch phase, after the group join); {@code wholeRunRecordsPerSecond} over the whole run (warm-up,
     * join and start included), null where unknown; {@code peakRssMb} null where {@code /proc} is absent.
     */
    record Throughput(long records, double seconds, double recordsPerSecond, Double wholeRunRecordsPerSecond,
                      Double peakRssMb) {
        Map<String, Object> toMap() {
            return JsonFields.ordered("records", records, "seconds", seconds, "records_per_s", recordsPerSecond,
                    "records_per_s_whole_run", wholeRunRecordsPerSecond, "peak_rss_mb", peakRssMb);
        }
    }

    /**
     * Round-trip latency of one process: its {@link LatencyStats} ({@code maxMs} null where the tool
     * does not print it); {@code lingerMs} the producer's {@code linger.ms} (the tool forces 0).
     */
    record Latency(LatencyStats stats, int lingerMs, Double peakRssMb) {
        Map<String, Object> toMap() {
            Map<String, Object> map = JsonFields.ordered("round_trips", stats.roundTrips(), "linger_ms", lingerMs);
            map.putAll(stats.figures());
            map.put("peak_rss_mb", peakRssMb);
            return map;
        }
    }

    /** Slow handlers at one concurrency: {@code records} handlers of {@code handlerMs} each. */
    record Level(int concurrency, int handlerMs, long records, double seconds) {
        /** The time with every handler slot always busy and no overhead: records x handler time / concurrency. */
        double idealSeconds() {
            return records * (handlerMs / 1000.0) / concurrency;
        }

        double efficiency() {
            return idealSeconds() / seconds;
        }

        double recordsPerSecond() {
            return records / seconds;
        }

        Map<String, Object> toMap() {
            return JsonFields.ordered("concurrency", concurrency, "handler_ms", handlerMs, "records", records,
                    "seconds", seconds, "ideal_seconds", idealSeconds(), "records_per_s", recordsPerSecond(),
                    "ideal_records_per_s", records / idealSeconds(), "efficiency", efficiency());
        }
    }

    /** The concurrency sweep of one pair (one child JVM). */
    record Concurrency(List<Level> levels, Double peakRssMb) {
        Concurrency {
            levels = List.copyOf(levels);
        }
    }

    /**
     * What the projections wrote while catching up, from their producer's {@code producer-topic-metrics}
     * {@code byte-total} (record batches as sent: compressed when the Streams producer compresses),
     * against the backlog's size on the broker.
     *
     * @param inputBytes      the domain topics' log size on the broker (one replica), the backlog as stored
     * @param changelogBytes  sent to {@code <application.id>-...-changelog} topics
     * @param repartitionBytes sent to {@code <application.id>-...-repartition} topics
     * @param outputBytes     per output topic ({@code projections.*}), bytes sent
     * @param otherBytes      per other topic the projections wrote to (none expected), bytes sent
     */
    record WriteAmplification(long inputBytes, long changelogBytes, long repartitionBytes, Map<String, Long> outputBytes,
                              Map<String, Long> otherBytes) {
        WriteAmplification {
            outputBytes = Map.copyOf(outputBytes);
            otherBytes = Map.copyOf(otherBytes);
        }

        /** Changelog and repartition bytes per input byte; null without input. */
        Double ratio() {
            return inputBytes <= 0 ? null : (changelogBytes + repartitionBytes) / (double) inputBytes;
        }

        Map<String, Object> toMap() {
            return JsonFields.ordered("ratio", ratio(), "input_bytes", inputBytes, "changelog_bytes", changelogBytes,
                    "repartition_bytes", repartitionBytes, "output_bytes", new TreeMap<>(outputBytes),
                    "other_bytes", new TreeMap<>(otherBytes));
        }
    }

    /** The projections catching up with a backlog (one child JVM); {@code writes} null when not measured. */
    record Projection(long events, double eventsPerSecond, double startupSeconds, double catchUpSeconds,
                      long planEventCount, WriteAmplification writes, Double peakRssMb) {
        Map<String, Object> toMap() {
            return JsonFields.ordered("events", events, "events_per_s", eventsPerSecond, "startup_s", startupSeconds,
                    "catch_up_s", catchUpSeconds, "plan_event_count", planEventCount,
                    "write_amplification", writes == null ? null : writes.toMap(), "peak_rss_mb", peakRssMb);
        }
    }

    /**
     * One run of the stall check: a subscriber at {@code concurrency} with 10 ms handlers, in a child
     * JVM of its own. {@code completed}: every event handled within the limit; {@code level} its
     * figures then (null otherwise); {@code handled} the events handled at the limit (null when the JVM
     * had to be killed); {@code note} why it stalled.
     */
    record StallRun(int run, boolean completed, long events, Long handled, Level level, String note, Double peakRssMb) {
        Map<String, Object> toMap() {
            return JsonFields.ordered("run", run, "completed", completed, "events", events, "handled", handled,
                    "seconds", level == null ? null : level.seconds(),
                    "efficiency", level == null ? null : level.efficiency(), "note", note, "peak_rss_mb", peakRssMb);
        }
    }

    /** The stall check: the same measurement repeated, each in a child JVM. */
    record StallCheck(int concurrency, int handlerMs, long events, int correlationIds, int limitSeconds, List<StallRun> runs) {
        StallCheck {
            runs = List.copyOf(runs);
        }

        /** Runs that did not handle every event within the limit. */
        long stalls() {
            return runs.stream().filter(run -> !run.completed()).count();
        }

        /** The median efficiency of the runs that completed; null when none did. */
        Double medianEfficiency() {
            return LatencyStats.median(runs.stream().map(StallRun::level).filter(Objects::nonNull).map(Level::efficiency)
                    .toList());
        }
    }

    /**
     * {@code eventbus local} from its start to its query API answering 200 on {@code /health} (one
     * child process); {@code peakRssMb} at that moment; {@code stoppedOnSigterm} whether it then ended
     * on SIGTERM within 30 s (else it was killed).
     */
    record LocalReady(double seconds, Double peakRssMb, boolean stoppedOnSigterm) {
        Map<String, Object> toMap() {
            return JsonFields.ordered("ready_s", seconds, "peak_rss_mb", peakRssMb,
                    "stopped_on_sigterm", stoppedOnSigterm);
        }
    }

    /**
     * {@code eventbus emit} as a user runs it, from the command to its printed result: one child
     * process per run, one after another, each emitting one event to the bench's platform.
     *
     * @param command   what ran: the {@code eventbus} script (with its class-data archive and JVM
     *                  options) where it is beside the bench's jar, else {@code java -cp ... Main}
     * @param seconds   the wall time of each counted run, in run order (a warm-up run before them is not counted)
     * @param peakRssMb the largest peak RSS of the runs; null where {@code /proc} is absent
     */
    record CliEmit(String command, List<Double> seconds, Double peakRssMb) {
        CliEmit {
            seconds = List.copyOf(seconds);
        }

        Double medianSeconds() {
            return LatencyStats.median(seconds);
        }

        Double p90Seconds() {
            return LatencyStats.quantile(seconds, 0.9);
        }

        Map<String, Object> toMap() {
            return JsonFields.ordered("command", command, "runs", seconds.size(), "median_s", medianSeconds(),
                    "p90_s", p90Seconds(), "min_s", LatencyStats.quantile(seconds, 0), "max_s", LatencyStats.quantile(seconds, 1),
                    "seconds", seconds, "peak_rss_mb", peakRssMb);
        }
    }

    /**
     * The bus's emit with one {@code compression.type} ({@code --measure compression}; in every pair,
     * each pair starting with the next type): its throughput, and the bytes its {@code events}
     * records take on the broker (record batches as the producer compressed them, headers included).
     */
    record Codec(String type, Throughput emit, long events, long bytesOnBroker) {
        Map<String, Object> toMap() {
            return JsonFields.ordered("type", type, "records_per_s", emit.recordsPerSecond(), "events", events,
                    "bytes_on_broker", bytesOnBroker, "bytes_per_event", events == 0 ? null : (double) bytesOnBroker / events,
                    "peak_rss_mb", emit.peakRssMb());
        }
    }

    /**
     * One A/B round; a measurement left out ({@code --measure}) is null. {@code e2eOurs} runs with the
     * bus's default {@code linger.ms}, {@code e2eOursNoLinger} with {@code linger.ms=0} (the tool's
     * setting); {@code consumerAvro} is the plain consumer decoding with Avro's {@code GenericDatumReader};
     * {@code cliEmit} is measured in the first pair only.
     */
    record Pair(int index, Throughput emitOurs, Throughput emitRaw, Latency e2eOurs, Latency e2eOursNoLinger,
                Latency e2eRaw, Throughput consumerOurs, Throughput consumerRaw, Throughput consumerAvro,
                Concurrency concurrency, Projection projection, LocalReady localReady, CliEmit cliEmit, List<Codec> codecs) {
        Pair {
            codecs = codecs == null ? null : List.copyOf(codecs);
        }
    }

    /** Everything a run measured; {@code stallCheck} null when not run. */
    record Results(List<Pair> pairs, StallCheck stallCheck) {
        Results {
            pairs = List.copyOf(pairs);
        }
    }
}
