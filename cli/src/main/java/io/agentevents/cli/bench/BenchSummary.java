package io.agentevents.cli.bench;

import io.agentevents.cli.bench.Measurements.Latency;
import io.agentevents.cli.bench.Measurements.Level;
import io.agentevents.cli.bench.Measurements.Pair;
import io.agentevents.cli.bench.Measurements.Throughput;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The figures of a run, summarised: each side's median over the pairs, each ratio the median of the
 * per-pair ratios (so drift between pairs cancels out), peak memory the largest seen, and every
 * target met or missed. Gives the JSON document, the text table and what the chart draws. Immutable.
 */
final class BenchSummary {
    static final double EMIT_TARGET = 0.9;
    static final double CONSUMER_TARGET = 0.85;
    static final double E2E_P99_TARGET = 2.0;
    static final double EFFICIENCY_TARGET = 0.5;
    static final int EFFICIENCY_TARGET_CONCURRENCY = 64;
    static final double PROJECTION_TARGET = 20_000;
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

        String boundText() {
            return (atLeast ? ">= " : "<= ") + (bound >= 1000 ? String.format(Locale.ROOT, "%,.0f", bound)
                    : String.format(Locale.ROOT, "%.2f", bound));
        }
    }

    private final Map<String, Object> settings;
    private final Map<String, Object> machine;
    private final List<Pair> pairs;

    BenchSummary(Map<String, Object> settings, Map<String, Object> machine, List<Pair> pairs) {
        this.settings = Map.copyOf(settings);
        this.machine = new LinkedHashMap<>(machine);
        this.pairs = List.copyOf(pairs);
    }

    List<Pair> pairs() {
        return pairs;
    }

    Double emitOurs() {
        return median(pairs, p -> rate(p.emitOurs()));
    }

    Double emitRaw() {
        return median(pairs, p -> rate(p.emitRaw()));
    }

    Double emitRatio() {
        return median(pairs, p -> ratio(rate(p.emitOurs()), rate(p.emitRaw())));
    }

    Double consumerOurs() {
        return median(pairs, p -> rate(p.consumerOurs()));
    }

    Double consumerRaw() {
        return median(pairs, p -> rate(p.consumerRaw()));
    }

    Double consumerRatio() {
        return median(pairs, p -> ratio(rate(p.consumerOurs()), rate(p.consumerRaw())));
    }

    /** The median whole-run rate (warm-up, join and start included) of one side of a measurement. */
    Double wholeRun(Function<Pair, Throughput> side) {
        return median(pairs, p -> side.apply(p) == null ? null : side.apply(p).wholeRunRecordsPerSecond());
    }

    Double wholeRunRatio(Function<Pair, Throughput> ours, Function<Pair, Throughput> raw) {
        return median(pairs, p -> ours.apply(p) == null || raw.apply(p) == null ? null
                : ratio(ours.apply(p).wholeRunRecordsPerSecond(), raw.apply(p).wholeRunRecordsPerSecond()));
    }

    Double e2eOurs(Function<Latency, Number> figure) {
        return median(pairs, p -> p.e2eOurs() == null ? null : number(figure.apply(p.e2eOurs())));
    }

    Double e2eRaw(Function<Latency, Number> figure) {
        return median(pairs, p -> p.e2eRaw() == null ? null : number(figure.apply(p.e2eRaw())));
    }

    Double e2eRatio(Function<Latency, Number> figure) {
        return median(pairs, p -> p.e2eOurs() == null || p.e2eRaw() == null ? null
                : ratio(Math.max(LATENCY_RESOLUTION_MS, figure.apply(p.e2eOurs()).doubleValue()),
                Math.max(LATENCY_RESOLUTION_MS, figure.apply(p.e2eRaw()).doubleValue())));
    }

    Double e2eOursMax() {
        return pairs.stream().map(Pair::e2eOurs).filter(Objects::nonNull).map(Latency::maxMs).filter(Objects::nonNull)
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
        byLevel.forEach((concurrency, values) -> medians.put(concurrency, median(values)));
        return medians;
    }

    Double projectionEventsPerSecond() {
        return median(pairs, p -> p.projection() == null ? null : p.projection().eventsPerSecond());
    }

    Double projectionCatchUpSeconds() {
        return median(pairs, p -> p.projection() == null ? null : p.projection().catchUpSeconds());
    }

    /** The largest peak RSS of a side's processes of one measurement, or null. */
    Double peakRss(Function<Pair, Double> side) {
        return pairs.stream().map(side).filter(Objects::nonNull).max(Double::compare).orElse(null);
    }

    List<Target> targets() {
        return List.of(
                new Target("emit_ratio", "emit throughput vs ProducerPerformance", emitRatio(), EMIT_TARGET, true),
                new Target("consumer_ratio", "no-op subscriber vs ConsumerPerformance", consumerRatio(), CONSUMER_TARGET, true),
                new Target("e2e_p99_ratio", "e2e p99 vs EndToEndLatency", e2eRatio(Latency::p99Ms), E2E_P99_TARGET, false),
                new Target("parallel_efficiency_64", "10 ms handlers at concurrency 64 vs ideal",
                        parallelEfficiency().get(EFFICIENCY_TARGET_CONCURRENCY), EFFICIENCY_TARGET, true),
                new Target("projection_events_per_s", "projections fold rate (events/s)", projectionEventsPerSecond(),
                        PROJECTION_TARGET, true));
    }

    /** Every figure, as the JSON document {@code summary.json}. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("emit_ratio", emitRatio());
        json.put("consumer_ratio", consumerRatio());
        json.put("e2e_p99_ratio", e2eRatio(Latency::p99Ms));
        Map<String, Double> efficiency = new LinkedHashMap<>();
        parallelEfficiency().forEach((concurrency, value) -> efficiency.put(Integer.toString(concurrency), value));
        json.put("parallel_efficiency", efficiency);
        json.put("projection_events_per_s", projectionEventsPerSecond());
        Map<String, Object> targets = new LinkedHashMap<>();
        for (Target target : targets()) {
            targets.put(target.key(), Map.of("description", target.description(), "target", target.boundText(),
                    "value", target.value() == null ? "n/a" : target.value(), "met", target.verdict().equals("met")));
        }
        json.put("targets", targets);
        json.put("emit", side(emitOurs(), emitRaw(), emitRatio(), Pair::emitOurs, Pair::emitRaw));
        json.put("consumer", side(consumerOurs(), consumerRaw(), consumerRatio(), Pair::consumerOurs, Pair::consumerRaw));
        json.put("e2e", endToEnd());
        json.put("concurrency", concurrency());
        json.put("projections", projections());
        json.put("peak_rss_mb", peakRssJson());
        json.put("machine", machine);
        json.put("settings", new TreeMap<>(settings));
        return json;
    }

    private Map<String, Object> side(Double ours, Double raw, Double ratio, Function<Pair, Throughput> oursOf,
                                     Function<Pair, Throughput> rawOf) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("ours_records_per_s", ours);
        map.put("raw_records_per_s", raw);
        map.put("ratio", ratio);
        map.put("ours_records_per_s_whole_run", wholeRun(oursOf));
        map.put("raw_records_per_s_whole_run", wholeRun(rawOf));
        map.put("whole_run_ratio", wholeRunRatio(oursOf, rawOf));
        map.put("ours_peak_rss_mb", peakRss(p -> rss(oursOf.apply(p))));
        map.put("raw_peak_rss_mb", peakRss(p -> rss(rawOf.apply(p))));
        map.put("per_pair", pairs.stream().filter(p -> oursOf.apply(p) != null || rawOf.apply(p) != null).map(p -> {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("pair", p.index());
            pair.put("ours", oursOf.apply(p) == null ? null : oursOf.apply(p).toMap());
            pair.put("raw", rawOf.apply(p) == null ? null : rawOf.apply(p).toMap());
            pair.put("ratio", ratio(rate(oursOf.apply(p)), rate(rawOf.apply(p))));
            return pair;
        }).collect(Collectors.toList()));
        return map;
    }

    private Map<String, Object> endToEnd() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (String side : List.of("ours", "raw")) {
            boolean ours = side.equals("ours");
            Function<Function<Latency, Number>, Double> of = ours ? this::e2eOurs : this::e2eRaw;
            map.put(side + "_avg_ms", of.apply(Latency::avgMs));
            map.put(side + "_p50_ms", of.apply(Latency::p50Ms));
            map.put(side + "_p99_ms", of.apply(Latency::p99Ms));
            map.put(side + "_p999_ms", of.apply(Latency::p999Ms));
            map.put(side + "_max_ms", ours ? e2eOursMax() : null);
            map.put(side + "_peak_rss_mb", peakRss(p -> ours ? rss(p.e2eOurs()) : rss(p.e2eRaw())));
        }
        map.put("p50_ratio", e2eRatio(Latency::p50Ms));
        map.put("p99_ratio", e2eRatio(Latency::p99Ms));
        map.put("per_pair", pairs.stream().filter(p -> p.e2eOurs() != null || p.e2eRaw() != null).map(p -> {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("pair", p.index());
            pair.put("ours", p.e2eOurs() == null ? null : p.e2eOurs().toMap());
            pair.put("raw", p.e2eRaw() == null ? null : p.e2eRaw().toMap());
            return pair;
        }).collect(Collectors.toList()));
        return map;
    }

    private Map<String, Object> concurrency() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("handler_ms", pairs.stream().filter(p -> p.concurrency() != null).flatMap(p -> p.concurrency().levels().stream())
                .map(Level::handlerMs).findFirst().orElse(null));
        map.put("correlation_ids", BenchEvents.CORRELATION_IDS);
        List<Map<String, Object>> levels = new ArrayList<>();
        Map<Integer, Double> rates = levelRecordsPerSecond();
        Map<Integer, Double> ideal = levelIdealRecordsPerSecond();
        parallelEfficiency().forEach((concurrency, efficiency) -> levels.add(Map.of("concurrency", concurrency,
                "records_per_s", rates.get(concurrency), "ideal_records_per_s", ideal.get(concurrency), "efficiency", efficiency)));
        map.put("levels", levels);
        map.put("peak_rss_mb", peakRss(p -> p.concurrency() == null ? null : p.concurrency().peakRssMb()));
        map.put("per_pair", pairs.stream().filter(p -> p.concurrency() != null).map(p -> Map.of("pair", p.index(),
                "levels", p.concurrency().levels().stream().map(Level::toMap).collect(Collectors.toList())))
                .collect(Collectors.toList()));
        return map;
    }

    private Map<String, Object> projections() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("events_per_s", projectionEventsPerSecond());
        map.put("catch_up_s", projectionCatchUpSeconds());
        map.put("startup_s", median(pairs, p -> p.projection() == null ? null : p.projection().startupSeconds()));
        map.put("peak_rss_mb", peakRss(p -> p.projection() == null ? null : p.projection().peakRssMb()));
        map.put("per_pair", pairs.stream().filter(p -> p.projection() != null).map(p -> p.projection().toMap())
                .collect(Collectors.toList()));
        return map;
    }

    private Map<String, Object> peakRssJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("emit", sides(peakRss(p -> rss(p.emitOurs())), peakRss(p -> rss(p.emitRaw()))));
        map.put("e2e", sides(peakRss(p -> rss(p.e2eOurs())), peakRss(p -> rss(p.e2eRaw()))));
        map.put("consumer", sides(peakRss(p -> rss(p.consumerOurs())), peakRss(p -> rss(p.consumerRaw()))));
        map.put("concurrency", sides(peakRss(p -> p.concurrency() == null ? null : p.concurrency().peakRssMb()), null));
        map.put("projections", sides(peakRss(p -> p.projection() == null ? null : p.projection().peakRssMb()), null));
        return map;
    }

    private static Map<String, Object> sides(Double ours, Double raw) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("ours", ours);
        map.put("raw", raw);
        return map;
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

    private static Double rate(Throughput throughput) {
        return throughput == null ? null : throughput.recordsPerSecond();
    }

    static Double ratio(Double ours, Double raw) {
        return ours == null || raw == null || raw <= 0 ? null : ours / raw;
    }

    private static Double number(Number value) {
        return value == null ? null : value.doubleValue();
    }

    private static Double median(List<Pair> pairs, Function<Pair, Double> figure) {
        return median(pairs.stream().map(figure).filter(Objects::nonNull).collect(Collectors.toList()));
    }

    static Double median(List<Double> values) {
        List<Double> sorted = values.stream().filter(Objects::nonNull).sorted(Comparator.naturalOrder()).toList();
        if (sorted.isEmpty()) {
            return null;
        }
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
