package io.agentevents.bench;

import io.agentevents.bench.Measurements.Latency;
import io.agentevents.bench.Measurements.Level;
import io.agentevents.bench.Measurements.Pair;
import io.agentevents.bench.Measurements.Results;
import io.agentevents.bench.Measurements.StallCheck;
import io.agentevents.bench.Measurements.Throughput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The figures of a run, summarised: each side's median over the pairs, each ratio the median of the
 * per-pair ratios (so drift between pairs cancels out), peak memory the largest seen, and every
 * target met or missed. Gives what the JSON document ({@link SummaryJson}), the text table
 * ({@link SummaryTable}) and the chart ({@link SummarySvg}) show. Immutable.
 */
final class BenchSummary {
    /** Concurrency -> the least fraction of the ideal rate with 10 ms handlers. */
    static final Map<Integer, Double> EFFICIENCY_TARGETS = Map.of(64, 0.8, 256, 0.6);
    /** The projections' fold rate aimed at, beyond their target. */
    static final double PROJECTION_AIM = 50_000;
    /** Ours' peak RSS over the baseline's, at most, in the emit and the subscriber measurements. */
    static final double PEAK_RSS_TARGET = 1.3;
    /** EndToEndLatency truncates to whole milliseconds: latencies below 1 ms count as 1 ms in a ratio. */
    private static final double LATENCY_RESOLUTION_MS = 1.0;

    /** A goal: the figure, the bound and whether it holds; {@code met} null when the figure is missing. */
    record Target(String key, String description, Double value, double bound, boolean atLeast) {
        Boolean met() {
            return value == null ? null : atLeast ? value >= bound : value <= bound;
        }

        String verdict() {
            Boolean met = met();
            return met == null ? "n/a" : met ? "met" : "MISSED";
        }

        /** {@code >= 0.90}, {@code <= 10}, {@code >= 20,000}: whole bounds without decimals. */
        String boundText() {
            return (atLeast ? ">= " : "<= ") + (bound == Math.rint(bound) ? String.format(Locale.ROOT, "%,.0f", bound)
                    : String.format(Locale.ROOT, "%.2f", bound));
        }
    }

    private final Map<String, Object> settings;
    private final Map<String, Object> machine;
    private final List<Pair> pairs;
    private final StallCheck stallCheck;

    BenchSummary(Map<String, Object> settings, Map<String, Object> machine, Results results) {
        this.settings = Map.copyOf(settings);
        this.machine = new LinkedHashMap<>(machine);
        this.pairs = results.pairs();
        this.stallCheck = results.stallCheck();
    }

    List<Pair> pairs() {
        return pairs;
    }

    Map<String, Object> settings() {
        return settings;
    }

    Map<String, Object> machine() {
        return machine;
    }

    /** The stall check, or null when it did not run. */
    StallCheck stallCheck() {
        return stallCheck;
    }

    /** The median rate of one side of a throughput measurement. */
    Double rate(Function<Pair, Throughput> side) {
        return median(pairs, p -> rate(side.apply(p)));
    }

    /** The median of the per-pair ratios ours / baseline of a throughput measurement. */
    Double rateRatio(Function<Pair, Throughput> ours, Function<Pair, Throughput> baseline) {
        return median(pairs, p -> ratio(rate(ours.apply(p)), rate(baseline.apply(p))));
    }

    Double emitRatio() {
        return rateRatio(Pair::emitOurs, Pair::emitRaw);
    }

    Double consumerRatio() {
        return rateRatio(Pair::consumerOurs, Pair::consumerRaw);
    }

    Double consumerAvroRatio() {
        return rateRatio(Pair::consumerOurs, Pair::consumerAvro);
    }

    /** The median whole-run rate (warm-up, join and start included) of one side of a measurement. */
    Double wholeRun(Function<Pair, Throughput> side) {
        return median(pairs, p -> side.apply(p) == null ? null : side.apply(p).wholeRunRecordsPerSecond());
    }

    Double wholeRunRatio(Function<Pair, Throughput> ours, Function<Pair, Throughput> raw) {
        return median(pairs, p -> ours.apply(p) == null || raw.apply(p) == null ? null
                : ratio(ours.apply(p).wholeRunRecordsPerSecond(), raw.apply(p).wholeRunRecordsPerSecond()));
    }

    /** The median of one latency figure of one side ({@link Pair#e2eOurs}, {@link Pair#e2eOursNoLinger}, {@link Pair#e2eRaw}). */
    Double e2e(Function<Pair, Latency> side, Function<LatencyStats, Number> figure) {
        return median(pairs, p -> side.apply(p) == null ? null : number(figure.apply(side.apply(p).stats())));
    }

    /** The median per-pair ratio of one latency figure of ours against {@code EndToEndLatency}'s (lower is better). */
    Double e2eRatio(Function<Pair, Latency> ours, Function<LatencyStats, Number> figure) {
        return median(pairs, p -> ours.apply(p) == null || p.e2eRaw() == null ? null
                : ratio(Math.max(LATENCY_RESOLUTION_MS, figure.apply(ours.apply(p).stats()).doubleValue()),
                Math.max(LATENCY_RESOLUTION_MS, figure.apply(p.e2eRaw().stats()).doubleValue())));
    }

    /** The largest maximum latency of one of our sides (the tool does not print its maximum). */
    Double e2eMax(Function<Pair, Latency> side) {
        return pairs.stream().map(side).filter(Objects::nonNull).map(latency -> latency.stats().maxMs()).filter(Objects::nonNull)
                .max(Double::compare).orElse(null);
    }

    /** Median efficiency per concurrency level, in level order. */
    Map<Integer, Double> parallelEfficiency() {
        return levelMedians(Level::efficiency);
    }

    Map<Integer, Double> levelRecordsPerSecond() {
        return levelMedians(Level::recordsPerSecond);
    }

    Map<Integer, Double> levelIdealRecordsPerSecond() {
        return levelMedians(level -> level.records() / level.idealSeconds());
    }

    private Map<Integer, Double> levelMedians(Function<Level, Double> figure) {
        Map<Integer, List<Double>> byLevel = new TreeMap<>();
        for (Pair pair : pairs) {
            if (pair.concurrency() != null) {
                for (Level level : pair.concurrency().levels()) {
                    byLevel.computeIfAbsent(level.concurrency(), c -> new ArrayList<>()).add(figure.apply(level));
                }
            }
        }
        Map<Integer, Double> medians = new TreeMap<>();
        byLevel.forEach((concurrency, values) -> medians.put(concurrency, LatencyStats.median(values)));
        return medians;
    }

    /** Stall-check runs that did not handle every event within the limit; null when the check did not run. */
    Double handlerStalls() {
        return stallCheck == null ? null : (double) stallCheck.stalls();
    }

    Double stallMedianEfficiency() {
        return stallCheck == null ? null : stallCheck.medianEfficiency();
    }

    Double projectionEventsPerSecond() {
        return median(pairs, p -> p.projection() == null ? null : p.projection().eventsPerSecond());
    }

    Double projectionCatchUpSeconds() {
        return median(pairs, p -> p.projection() == null ? null : p.projection().catchUpSeconds());
    }

    /** Changelog and repartition bytes per input byte, median over the projection runs. */
    Double projectionWriteAmplification() {
        return median(pairs, p -> p.projection() == null || p.projection().writes() == null ? null
                : p.projection().writes().ratio());
    }

    /** The median seconds from starting {@code eventbus local} to its query API answering 200 on /health. */
    Double localReadySeconds() {
        return median(pairs, p -> p.localReady() == null ? null : p.localReady().seconds());
    }

    /** The median wall seconds of {@code eventbus emit}, from the command to its printed result. */
    Double cliEmitSeconds() {
        return median(pairs, p -> p.cliEmit() == null ? null : p.cliEmit().medianSeconds());
    }

    /** The largest peak RSS of a side's processes of one measurement, or null. */
    Double peakRss(Function<Pair, Double> side) {
        return pairs.stream().map(side).filter(Objects::nonNull).max(Double::compare).orElse(null);
    }

    /** Ours' largest peak RSS over the baseline's largest, of one throughput measurement. */
    Double peakRssRatio(Function<Pair, Throughput> ours, Function<Pair, Throughput> baseline) {
        return ratio(peakRss(p -> rss(ours.apply(p))), peakRss(p -> rss(baseline.apply(p))));
    }

    /** Every target, each declared here once: its key, what it measures, the figure, the bound and its direction. */
    List<Target> targets() {
        List<Target> targets = new ArrayList<>(List.of(
                new Target("emit_ratio", "emit throughput vs ProducerPerformance", emitRatio(), 0.95, true),
                new Target("consumer_avro_ratio", "no-op subscriber vs plain KafkaConsumer + Avro GenericDatumReader",
                        consumerAvroRatio(), 0.9, true),
                new Target("consumer_ratio", "no-op subscriber vs ConsumerPerformance", consumerRatio(), 0.5, true),
                new Target("e2e_p50_ratio", "e2e p50 at linger.ms=0 vs EndToEndLatency",
                        e2eRatio(Pair::e2eOursNoLinger, LatencyStats::p50Ms), 2.0, false),
                new Target("e2e_p99_ratio", "e2e p99 at linger.ms=0 vs EndToEndLatency",
                        e2eRatio(Pair::e2eOursNoLinger, LatencyStats::p99Ms), 1.5, false)));
        new TreeMap<>(EFFICIENCY_TARGETS).forEach((concurrency, bound) -> targets.add(new Target(
                "parallel_efficiency_" + concurrency, "10 ms handlers at concurrency " + concurrency + " vs ideal",
                parallelEfficiency().get(concurrency), bound, true)));
        targets.addAll(List.of(
                new Target("handler_stalls", "stall check runs that did not handle every event in "
                        + BenchSettings.STALL_LIMIT_SECONDS + " s", handlerStalls(), 0, false),
                new Target("projection_events_per_s", String.format(Locale.ROOT,
                        "projections fold rate (events/s; aim %,.0f)", PROJECTION_AIM), projectionEventsPerSecond(),
                        20_000, true),
                new Target("projection_write_amplification", "projections' changelog + repartition bytes per input byte",
                        projectionWriteAmplification(), 10, false),
                new Target("peak_rss_emit_ratio", "peak RSS, emit vs ProducerPerformance",
                        peakRssRatio(Pair::emitOurs, Pair::emitRaw), PEAK_RSS_TARGET, false),
                new Target("peak_rss_consumer_ratio", "peak RSS, no-op subscriber vs ConsumerPerformance",
                        peakRssRatio(Pair::consumerOurs, Pair::consumerRaw), PEAK_RSS_TARGET, false),
                new Target("local_ready_s", "eventbus local: start to query API healthy (s)", localReadySeconds(),
                        5, false),
                new Target("cli_emit_s", "eventbus emit: command to printed result, median (s)", cliEmitSeconds(),
                        1, false)));
        return targets;
    }

    /** The target of this key, or null. */
    Target target(String key) {
        return targets().stream().filter(target -> target.key().equals(key)).findFirst().orElse(null);
    }

    /** Every figure, as the JSON document {@code summary.json}. */
    Map<String, Object> toJson() {
        return SummaryJson.of(this);
    }

    /** The table printed at the end of a run: measurement | ours | raw Kafka | ratio | target. */
    String table() {
        return SummaryTable.render(this);
    }

    static Double rss(Throughput throughput) {
        return throughput == null ? null : throughput.peakRssMb();
    }

    static Double rss(Latency latency) {
        return latency == null ? null : latency.peakRssMb();
    }

    static Double rate(Throughput throughput) {
        return throughput == null ? null : throughput.recordsPerSecond();
    }

    static Double ratio(Double ours, Double raw) {
        return ours == null || raw == null || raw <= 0 ? null : ours / raw;
    }

    private static Double number(Number value) {
        return value == null ? null : value.doubleValue();
    }

    static Double median(List<Pair> pairs, Function<Pair, Double> figure) {
        return LatencyStats.median(pairs.stream().map(figure).toList());
    }

}
