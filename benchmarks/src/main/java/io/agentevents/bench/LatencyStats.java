package io.agentevents.bench;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bench's one home for order statistics. A record holds round-trip latencies summarised the way
 * Kafka's {@code EndToEndLatency} does it: each latency truncated to whole milliseconds, sorted,
 * percentile {@code q} at index {@code (int) (n * q)}; the average over the exact values. Our worker
 * computes it from its measured round trips ({@link #of}); the tool's printed figures are read into
 * the same record ({@link #printed}), without a maximum, which the tool does not print. The summary's
 * medians over pairs are {@link #median}. Immutable.
 *
 * @param maxMs the largest round trip, exact; null where unknown (the tool's)
 */
record LatencyStats(int roundTrips, double avgMs, int p50Ms, int p99Ms, int p999Ms, Double maxMs) {

    /** The figures of measured round trips, in nanoseconds. */
    static LatencyStats of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no latencies");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double total = 0;
        for (long latency : sorted) {
            total += latency;
        }
        return new LatencyStats(sorted.length, total / sorted.length / 1e6, wholeMillis(sorted, 0.5),
                wholeMillis(sorted, 0.99), wholeMillis(sorted, 0.999), sorted[sorted.length - 1] / 1e6);
    }

    /** The figures {@code EndToEndLatency} printed for {@code roundTrips} round trips; no maximum. */
    static LatencyStats printed(int roundTrips, double avgMs, int p50Ms, int p99Ms, int p999Ms) {
        return new LatencyStats(roundTrips, avgMs, p50Ms, p99Ms, p999Ms, null);
    }

    /** The median of the values that are not null (the mean of the middle two of an even count); null when there are none. */
    static Double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(Objects::nonNull).sorted(Comparator.naturalOrder()).toList();
        if (sorted.isEmpty()) {
            return null;
        }
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /**
     * The nearest-rank quantile of the values that are not null: the smallest value with at least
     * {@code quantile} of them at or below it (p90 of 10 values: the 9th smallest); null when there are none.
     */
    static Double quantile(List<Double> values, double quantile) {
        List<Double> sorted = values.stream().filter(Objects::nonNull).sorted(Comparator.naturalOrder()).toList();
        if (sorted.isEmpty()) {
            return null;
        }
        int rank = (int) Math.ceil(quantile * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size(), rank) - 1));
    }

    /** Percentile {@code quantile} of sorted nanoseconds, truncated to whole milliseconds. */
    private static int wholeMillis(long[] sorted, double quantile) {
        return (int) (sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1_000_000);
    }

    /** {@code round_trips}, then {@link #figures()}. */
    Map<String, Object> toMap() {
        Map<String, Object> map = JsonFields.ordered("round_trips", roundTrips);
        map.putAll(figures());
        return map;
    }

    /** {@code avg_ms}, {@code p50_ms}, {@code p99_ms}, {@code p999_ms}, {@code max_ms}, in that order. */
    Map<String, Object> figures() {
        return JsonFields.ordered("avg_ms", avgMs, "p50_ms", p50Ms, "p99_ms", p99Ms, "p999_ms", p999Ms,
                "max_ms", maxMs);
    }
}
