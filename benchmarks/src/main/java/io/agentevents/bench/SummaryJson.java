package io.agentevents.bench;

import io.agentevents.bench.BenchSummary.Target;
import io.agentevents.bench.Measurements.Codec;
import io.agentevents.bench.Measurements.Latency;
import io.agentevents.bench.Measurements.Level;
import io.agentevents.bench.Measurements.Pair;
import io.agentevents.bench.Measurements.StallCheck;
import io.agentevents.bench.Measurements.StallRun;
import io.agentevents.bench.Measurements.Throughput;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The document {@code summary.json} of a {@link BenchSummary}: the headline figures first (the ones
 * with targets), then the targets, then every measurement's medians and per-pair figures, peak
 * memory, the machine and the settings. A figure not measured is null.
 */
final class SummaryJson {
    private SummaryJson() {
    }

    static Map<String, Object> of(BenchSummary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("emit_ratio", summary.emitRatio());
        json.put("consumer_ratio", summary.consumerRatio());
        json.put("consumer_avro_ratio", summary.consumerAvroRatio());
        json.put("e2e_p50_ratio", summary.e2eRatio(Pair::e2eOursNoLinger, LatencyStats::p50Ms));
        json.put("e2e_p99_ratio", summary.e2eRatio(Pair::e2eOursNoLinger, LatencyStats::p99Ms));
        Map<String, Double> efficiency = new LinkedHashMap<>();
        summary.parallelEfficiency().forEach((concurrency, value) -> efficiency.put(Integer.toString(concurrency), value));
        json.put("parallel_efficiency", efficiency);
        json.put("handler_stalls", summary.stallCheck() == null ? null : summary.stallCheck().stalls());
        json.put("stall_check_median_efficiency", summary.stallMedianEfficiency());
        json.put("projection_events_per_s", summary.projectionEventsPerSecond());
        json.put("projection_write_amplification", summary.projectionWriteAmplification());
        json.put("local_ready_s", summary.localReadySeconds());
        json.put("cli_emit_s", summary.cliEmitSeconds());
        Map<String, Object> targets = new LinkedHashMap<>();
        for (Target target : summary.targets()) {
            targets.put(target.key(), JsonFields.ordered("description", target.description(), "target", target.boundText(),
                    "value", target.value(), "met", target.met()));
        }
        json.put("targets", targets);
        json.put("emit", throughput(summary, sides(Pair::emitOurs, Pair::emitRaw, null)));
        Map<String, Object> consumer = throughput(summary, sides(Pair::consumerOurs, Pair::consumerRaw, Pair::consumerAvro));
        consumer.put("avro_ratio", summary.consumerAvroRatio());
        consumer.put("avro_baseline", "plain KafkaConsumer<byte[],byte[]> + Avro GenericDatumReader, writer schema by id "
                + "from the registry (cached), same consumer settings as ours");
        json.put("consumer", consumer);
        json.put("e2e", endToEnd(summary));
        json.put("concurrency", concurrency(summary));
        json.put("stall_check", stallCheck(summary.stallCheck()));
        json.put("projections", projections(summary));
        json.put("local", local(summary));
        json.put("cli_emit", cliEmit(summary));
        json.put("compression", compression(summary));
        json.put("peak_rss_mb", peakRss(summary));
        json.put("machine", summary.machine());
        json.put("settings", new TreeMap<>(summary.settings()));
        return json;
    }

    /** The sides of a throughput measurement, ours first; {@code avro} null where there is none. */
    private static Map<String, Function<Pair, Throughput>> sides(Function<Pair, Throughput> ours, Function<Pair, Throughput> raw,
                                                                 Function<Pair, Throughput> avro) {
        Map<String, Function<Pair, Throughput>> sides = new LinkedHashMap<>();
        sides.put("ours", ours);
        sides.put("raw", raw);
        if (avro != null) {
            sides.put("avro", avro);
        }
        return sides;
    }

    /** Per side: median rate, whole-run rate, peak RSS; ours against raw Kafka; every pair. */
    private static Map<String, Object> throughput(BenchSummary summary, Map<String, Function<Pair, Throughput>> ordered) {
        Function<Pair, Throughput> ours = ordered.get("ours");
        Function<Pair, Throughput> raw = ordered.get("raw");
        Map<String, Object> map = new LinkedHashMap<>();
        ordered.forEach((name, side) -> map.put(name + "_records_per_s", summary.rate(side)));
        map.put("ratio", summary.rateRatio(ours, raw));
        ordered.forEach((name, side) -> map.put(name + "_records_per_s_whole_run", summary.wholeRun(side)));
        map.put("whole_run_ratio", summary.wholeRunRatio(ours, raw));
        ordered.forEach((name, side) -> map.put(name + "_peak_rss_mb", summary.peakRss(p -> BenchSummary.rss(side.apply(p)))));
        map.put("per_pair", summary.pairs().stream().filter(p -> ordered.values().stream().anyMatch(side -> side.apply(p) != null))
                .map(p -> {
                    Map<String, Object> pair = new LinkedHashMap<>();
                    pair.put("pair", p.index());
                    ordered.forEach((name, side) -> pair.put(name, side.apply(p) == null ? null : side.apply(p).toMap()));
                    pair.put("ratio", BenchSummary.ratio(BenchSummary.rate(ours.apply(p)), BenchSummary.rate(raw.apply(p))));
                    return pair;
                }).collect(Collectors.toList()));
        return map;
    }

    private static Map<String, Object> endToEnd(BenchSummary summary) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("p50_ratio", summary.e2eRatio(Pair::e2eOursNoLinger, LatencyStats::p50Ms));
        map.put("p99_ratio", summary.e2eRatio(Pair::e2eOursNoLinger, LatencyStats::p99Ms));
        map.put("ours_linger_0", latencySide(summary, Pair::e2eOursNoLinger, true));
        map.put("ours_default_linger", latencySide(summary, Pair::e2eOurs, true));
        map.put("raw", latencySide(summary, Pair::e2eRaw, false));
        map.put("per_pair", summary.pairs().stream().filter(p -> p.e2eOurs() != null || p.e2eRaw() != null).map(p -> {
            return JsonFields.ordered("pair", p.index(),
                    "ours_linger_0", p.e2eOursNoLinger() == null ? null : p.e2eOursNoLinger().toMap(),
                    "ours_default_linger", p.e2eOurs() == null ? null : p.e2eOurs().toMap(),
                    "raw", p.e2eRaw() == null ? null : p.e2eRaw().toMap());
        }).collect(Collectors.toList()));
        return map;
    }

    private static Map<String, Object> latencySide(BenchSummary summary, Function<Pair, Latency> side, boolean ours) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("linger_ms", summary.pairs().stream().map(side).filter(Objects::nonNull).map(Latency::lingerMs)
                .findFirst().orElse(null));
        map.put("avg_ms", summary.e2e(side, LatencyStats::avgMs));
        map.put("p50_ms", summary.e2e(side, LatencyStats::p50Ms));
        map.put("p99_ms", summary.e2e(side, LatencyStats::p99Ms));
        map.put("p999_ms", summary.e2e(side, LatencyStats::p999Ms));
        map.put("max_ms", ours ? summary.e2eMax(side) : null);
        if (ours) {
            map.put("p50_ratio", summary.e2eRatio(side, LatencyStats::p50Ms));
            map.put("p99_ratio", summary.e2eRatio(side, LatencyStats::p99Ms));
        }
        map.put("peak_rss_mb", summary.peakRss(p -> BenchSummary.rss(side.apply(p))));
        return map;
    }

    private static Map<String, Object> concurrency(BenchSummary summary) {
        List<Pair> pairs = summary.pairs();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("handler_ms", pairs.stream().filter(p -> p.concurrency() != null).flatMap(p -> p.concurrency().levels().stream())
                .map(Level::handlerMs).findFirst().orElse(null));
        map.put("correlation_ids", BenchEvents.CORRELATION_IDS);
        List<Map<String, Object>> levels = new ArrayList<>();
        Map<Integer, Double> rates = summary.levelRecordsPerSecond();
        Map<Integer, Double> ideal = summary.levelIdealRecordsPerSecond();
        summary.parallelEfficiency().forEach((concurrency, efficiency) -> levels.add(Map.of("concurrency", concurrency,
                "records_per_s", rates.get(concurrency), "ideal_records_per_s", ideal.get(concurrency), "efficiency", efficiency)));
        map.put("levels", levels);
        map.put("peak_rss_mb", summary.peakRss(p -> p.concurrency() == null ? null : p.concurrency().peakRssMb()));
        map.put("per_pair", pairs.stream().filter(p -> p.concurrency() != null).map(p -> Map.of("pair", p.index(),
                "levels", p.concurrency().levels().stream().map(Level::toMap).collect(Collectors.toList())))
                .collect(Collectors.toList()));
        return map;
    }

    private static Map<String, Object> stallCheck(StallCheck check) {
        if (check == null) {
            return null;
        }
        return JsonFields.ordered("concurrency", check.concurrency(), "handler_ms", check.handlerMs(),
                "events", check.events(), "correlation_ids", check.correlationIds(), "limit_s", check.limitSeconds(),
                "repeat", check.runs().size(), "stalls", check.stalls(), "median_efficiency", check.medianEfficiency(),
                "runs", check.runs().stream().map(StallRun::toMap).collect(Collectors.toList()));
    }

    private static Map<String, Object> projections(BenchSummary summary) {
        List<Pair> pairs = summary.pairs();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("events_per_s", summary.projectionEventsPerSecond());
        map.put("catch_up_s", summary.projectionCatchUpSeconds());
        map.put("startup_s", BenchSummary.median(pairs, p -> p.projection() == null ? null : p.projection().startupSeconds()));
        map.put("write_amplification", summary.projectionWriteAmplification());
        map.put("peak_rss_mb", summary.peakRss(p -> p.projection() == null ? null : p.projection().peakRssMb()));
        map.put("per_pair", pairs.stream().filter(p -> p.projection() != null).map(p -> p.projection().toMap())
                .collect(Collectors.toList()));
        return map;
    }

    private static Map<String, Object> local(BenchSummary summary) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("ready_s", summary.localReadySeconds());
        map.put("peak_rss_mb", summary.peakRss(p -> p.localReady() == null ? null : p.localReady().peakRssMb()));
        map.put("per_pair", perPair(summary, p -> p.localReady() == null ? null : p.localReady().toMap()));
        return map;
    }

    private static Map<String, Object> cliEmit(BenchSummary summary) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("median_s", summary.cliEmitSeconds());
        map.put("per_pair", perPair(summary, p -> p.cliEmit() == null ? null : p.cliEmit().toMap()));
        return map;
    }

    /** The emit with each compression type ({@code --measure compression}), per pair. */
    private static Map<String, Object> compression(BenchSummary summary) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("per_pair", perPair(summary, p -> p.codecs() == null ? null
                : Map.of("codecs", p.codecs().stream().map(Codec::toMap).toList())));
        return map;
    }

    /** Each pair that has a measurement's {@code figures} (null where it has none): {@code "pair": k}, then the figures. */
    private static List<Map<String, Object>> perPair(BenchSummary summary, Function<Pair, Map<String, Object>> figures) {
        List<Map<String, Object>> pairs = new ArrayList<>();
        for (Pair p : summary.pairs()) {
            Map<String, Object> measured = figures.apply(p);
            if (measured != null) {
                Map<String, Object> pair = new LinkedHashMap<>();
                pair.put("pair", p.index());
                pair.putAll(measured);
                pairs.add(pair);
            }
        }
        return pairs;
    }

    private static Map<String, Object> peakRss(BenchSummary summary) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("emit", oursAndRaw(summary.peakRss(p -> BenchSummary.rss(p.emitOurs())),
                summary.peakRss(p -> BenchSummary.rss(p.emitRaw()))));
        map.put("e2e", oursAndRaw(summary.peakRss(p -> BenchSummary.rss(p.e2eOurs())),
                summary.peakRss(p -> BenchSummary.rss(p.e2eRaw()))));
        map.put("consumer", oursAndRaw(summary.peakRss(p -> BenchSummary.rss(p.consumerOurs())),
                summary.peakRss(p -> BenchSummary.rss(p.consumerRaw()))));
        map.put("consumer_avro_baseline", summary.peakRss(p -> BenchSummary.rss(p.consumerAvro())));
        map.put("emit_ratio", summary.peakRssRatio(Pair::emitOurs, Pair::emitRaw));
        map.put("consumer_ratio", summary.peakRssRatio(Pair::consumerOurs, Pair::consumerRaw));
        map.put("concurrency", oursAndRaw(summary.peakRss(p -> p.concurrency() == null ? null : p.concurrency().peakRssMb()), null));
        map.put("stall_check", oursAndRaw(summary.stallCheck() == null ? null : summary.stallCheck().runs().stream()
                .map(StallRun::peakRssMb).filter(Objects::nonNull).max(Double::compare).orElse(null), null));
        map.put("projections", oursAndRaw(summary.peakRss(p -> p.projection() == null ? null : p.projection().peakRssMb()), null));
        map.put("local", oursAndRaw(summary.peakRss(p -> p.localReady() == null ? null : p.localReady().peakRssMb()), null));
        map.put("cli_emit", oursAndRaw(summary.peakRss(p -> p.cliEmit() == null ? null : p.cliEmit().peakRssMb()), null));
        return map;
    }

    private static Map<String, Object> oursAndRaw(Double ours, Double raw) {
        return JsonFields.ordered("ours", ours, "raw", raw);
    }
}
