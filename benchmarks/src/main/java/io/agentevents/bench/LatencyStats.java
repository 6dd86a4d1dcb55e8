package io.agentevents.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Round-trip latencies summarised the way Kafka's {@code EndToEndLatency} does it: each latency
 * truncated to whole milliseconds, sorted, percentile {@code q} at index {@code (int) (n * q)}; the
 * average over the exact values. The exact (fractional) percentiles and the maximum are kept too.
 */
record LatencyStats(int roundTrips, double avgMs, int p50Ms, int p99Ms, int p999Ms, double p50MsExact,
                    double p99MsExact, double p999MsExact, double maxMs) {

    static LatencyStats of(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no latencies");
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        long[] millis = new long[sorted.length];
        double total = 0;
        for (int i = 0; i < sorted.length; i++) {
            millis[i] = sorted[i] / 1_000_000;
            total += sorted[i];
        }
        return new LatencyStats(sorted.length, total / sorted.length / 1e6,
                (int) millis[index(sorted.length, 0.5)], (int) millis[index(sorted.length, 0.99)],
                (int) millis[index(sorted.length, 0.999)],
                sorted[index(sorted.length, 0.5)] / 1e6, sorted[index(sorted.length, 0.99)] / 1e6,
                sorted[index(sorted.length, 0.999)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    private static int index(int size, double quantile) {
        return Math.min(size - 1, (int) (size * quantile));
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("round_trips", roundTrips);
        map.put("avg_ms", avgMs);
        map.put("p50_ms", p50Ms);
        map.put("p99_ms", p99Ms);
        map.put("p999_ms", p999Ms);
        map.put("p50_ms_exact", p50MsExact);
        map.put("p99_ms_exact", p99MsExact);
        map.put("p999_ms_exact", p999MsExact);
        map.put("max_ms", maxMs);
        return map;
    }
}
