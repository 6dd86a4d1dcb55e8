package io.agentevents.cli.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one benchmark run: one {@link Pair} per A/B round. Immutable values. */
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
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("records", records);
            map.put("seconds", seconds);
            map.put("records_per_s", recordsPerSecond);
            map.put("records_per_s_whole_run", wholeRunRecordsPerSecond);
            map.put("peak_rss_mb", peakRssMb);
            return map;
        }
    }

    /**
     * Round-trip latency of one process, percentiles in whole milliseconds as {@code EndToEndLatency}
     * computes them; {@code maxMs} null where the tool does not print it.
     */
    record Latency(int roundTrips, double avgMs, int p50Ms, int p99Ms, int p999Ms, Double maxMs, Double peakRssMb) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("round_trips", roundTrips);
            map.put("avg_ms", avgMs);
            map.put("p50_ms", p50Ms);
            map.put("p99_ms", p99Ms);
            map.put("p999_ms", p999Ms);
            map.put("max_ms", maxMs);
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
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("concurrency", concurrency);
            map.put("handler_ms", handlerMs);
            map.put("records", records);
            map.put("seconds", seconds);
            map.put("ideal_seconds", idealSeconds());
            map.put("records_per_s", recordsPerSecond());
            map.put("ideal_records_per_s", records / idealSeconds());
            map.put("efficiency", efficiency());
            return map;
        }
    }

    /** The concurrency sweep of one pair (one child JVM). */
    record Concurrency(List<Level> levels, Double peakRssMb) {
        Concurrency {
            levels = List.copyOf(levels);
        }
    }

    /** The projections catching up with a backlog (one child JVM). */
    record Projection(long events, double eventsPerSecond, double startupSeconds, double catchUpSeconds,
                      long planEventCount, Double peakRssMb) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("events", events);
            map.put("events_per_s", eventsPerSecond);
            map.put("startup_s", startupSeconds);
            map.put("catch_up_s", catchUpSeconds);
            map.put("plan_event_count", planEventCount);
            map.put("peak_rss_mb", peakRssMb);
            return map;
        }
    }

    /** One A/B round; a measurement left out ({@code --measure}) is null. */
    record Pair(int index, Throughput emitOurs, Throughput emitRaw, Latency e2eOurs, Latency e2eRaw,
                Throughput consumerOurs, Throughput consumerRaw, Concurrency concurrency, Projection projection) {
    }
}
