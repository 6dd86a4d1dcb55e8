package io.agentevents.bench;

import io.agentevents.bench.BenchSummary.Target;
import io.agentevents.bench.Measurements.Latency;
import io.agentevents.bench.Measurements.Pair;
import io.agentevents.bench.Measurements.Projection;
import io.agentevents.bench.Measurements.StallCheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/** The text table of a {@link BenchSummary}: measurement | ours | raw Kafka | ratio | target. */
final class SummaryTable {
    private static final String NONE = "-";

    private SummaryTable() {
    }

    /** One table row; {@code target} is empty for figures without a goal. */
    record Row(String measurement, String ours, String raw, String ratio, String target) {
    }

    static List<Row> rows(BenchSummary summary) {
        Map<String, Target> targets = new LinkedHashMap<>();
        summary.targets().forEach(target -> targets.put(target.key(), target));
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("emit throughput, after warm-up (records/s)", count(summary.rate(Pair::emitOurs)),
                count(summary.rate(Pair::emitRaw)), ratio(summary.emitRatio()), target(targets.get("emit_ratio"))));
        rows.add(new Row("  whole run, warm-up included", count(summary.wholeRun(Pair::emitOurs)),
                count(summary.wholeRun(Pair::emitRaw)), ratio(summary.wholeRunRatio(Pair::emitOurs, Pair::emitRaw)), ""));
        rows.add(new Row("subscriber, no-op handler, after join (records/s)", count(summary.rate(Pair::consumerOurs)),
                count(summary.rate(Pair::consumerRaw)), ratio(summary.consumerRatio()), target(targets.get("consumer_ratio"))));
        rows.add(new Row("  vs plain consumer + Avro GenericDatumReader", count(summary.rate(Pair::consumerOurs)),
                "Avro " + count(summary.rate(Pair::consumerAvro)), ratio(summary.consumerAvroRatio()),
                target(targets.get("consumer_avro_ratio"))));
        rows.add(new Row("  whole run, start and group join included", count(summary.wholeRun(Pair::consumerOurs)),
                count(summary.wholeRun(Pair::consumerRaw)), ratio(summary.wholeRunRatio(Pair::consumerOurs, Pair::consumerRaw)),
                ""));
        rows.add(latencyRow(summary, "e2e latency avg (ms), linger.ms=0", Pair::e2eOursNoLinger, LatencyStats::avgMs, ""));
        rows.add(latencyRow(summary, "e2e latency p50 (ms), linger.ms=0", Pair::e2eOursNoLinger, LatencyStats::p50Ms,
                target(targets.get("e2e_p50_ratio"))));
        rows.add(latencyRow(summary, "e2e latency p99 (ms), linger.ms=0", Pair::e2eOursNoLinger, LatencyStats::p99Ms,
                target(targets.get("e2e_p99_ratio"))));
        rows.add(latencyRow(summary, "e2e latency p99.9 (ms), linger.ms=0", Pair::e2eOursNoLinger, LatencyStats::p999Ms, ""));
        rows.add(new Row("e2e latency max (ms), linger.ms=0", millis(summary.e2eMax(Pair::e2eOursNoLinger)),
                "n/a (not printed)", NONE, ""));
        String linger = summary.pairs().stream().map(Pair::e2eOurs).filter(Objects::nonNull).findFirst()
                .map(latency -> "linger.ms=" + latency.lingerMs()).orElse("default linger");
        rows.add(latencyRow(summary, "e2e latency p50 (ms), bus default " + linger, Pair::e2eOurs, LatencyStats::p50Ms, ""));
        rows.add(latencyRow(summary, "e2e latency p99 (ms), bus default " + linger, Pair::e2eOurs, LatencyStats::p99Ms, ""));
        Map<Integer, Double> rates = summary.levelRecordsPerSecond();
        Map<Integer, Double> ideal = summary.levelIdealRecordsPerSecond();
        summary.parallelEfficiency().forEach((concurrency, efficiency) -> rows.add(new Row(
                "10 ms handlers, concurrency " + concurrency + " (records/s)", count(rates.get(concurrency)),
                "ideal " + count(ideal.get(concurrency)), percent(efficiency),
                target(targets.get("parallel_efficiency_" + concurrency)))));
        StallCheck stalls = summary.stallCheck();
        rows.add(new Row(stalls == null ? "stall check: runs that stalled" : String.format(Locale.ROOT,
                "stall check: %d-way, %,d events, runs stalled (%d s)", stalls.concurrency(), stalls.events(),
                stalls.limitSeconds()), stalls == null ? "n/a" : stalls.stalls() + " of " + stalls.runs().size(), NONE, NONE,
                target(targets.get("handler_stalls"))));
        rows.add(new Row("  median efficiency of the runs", NONE, NONE, percent(summary.stallMedianEfficiency()), ""));
        rows.add(new Row("projections fold rate (events/s)", count(summary.projectionEventsPerSecond()), NONE, NONE,
                target(targets.get("projection_events_per_s"))));
        rows.add(new Row("projections catch-up incl. start (s)", seconds(summary.projectionCatchUpSeconds()), NONE, NONE, ""));
        rows.addAll(writeRows(summary, targets.get("projection_write_amplification")));
        rows.add(new Row("eventbus local: start to /health 200 (s)", seconds(summary.localReadySeconds()), NONE, NONE,
                target(targets.get("local_ready_s"))));
        rows.add(new Row("eventbus emit: command to printed result (s)", summary.cliEmitSeconds() == null ? "n/a"
                : String.format(Locale.ROOT, "%.2f", summary.cliEmitSeconds()), NONE, NONE,
                target(targets.get("cli_emit_s"))));
        rows.add(memoryRow("peak RSS, emit (MB)", summary.peakRss(p -> BenchSummary.rss(p.emitOurs())),
                summary.peakRss(p -> BenchSummary.rss(p.emitRaw())), target(targets.get("peak_rss_emit_ratio"))));
        rows.add(memoryRow("peak RSS, e2e latency (MB)", summary.peakRss(p -> BenchSummary.rss(p.e2eOurs())),
                summary.peakRss(p -> BenchSummary.rss(p.e2eRaw())), ""));
        rows.add(memoryRow("peak RSS, subscriber no-op (MB)", summary.peakRss(p -> BenchSummary.rss(p.consumerOurs())),
                summary.peakRss(p -> BenchSummary.rss(p.consumerRaw())), target(targets.get("peak_rss_consumer_ratio"))));
        rows.add(memoryRow("  vs plain consumer + Avro (MB)", summary.peakRss(p -> BenchSummary.rss(p.consumerOurs())),
                summary.peakRss(p -> BenchSummary.rss(p.consumerAvro())), ""));
        rows.add(memoryRow("peak RSS, 10 ms handler sweep (MB)",
                summary.peakRss(p -> p.concurrency() == null ? null : p.concurrency().peakRssMb()), null, ""));
        rows.add(memoryRow("peak RSS, projections (MB)",
                summary.peakRss(p -> p.projection() == null ? null : p.projection().peakRssMb()), null, ""));
        rows.add(memoryRow("peak RSS, eventbus local at ready (MB)",
                summary.peakRss(p -> p.localReady() == null ? null : p.localReady().peakRssMb()), null, ""));
        rows.add(memoryRow("peak RSS, eventbus emit (MB)",
                summary.peakRss(p -> p.cliEmit() == null ? null : p.cliEmit().peakRssMb()), null, ""));
        return rows;
    }

    /** Write amplification, then the bytes behind it: changelog, repartition, each output topic, the input. */
    private static List<Row> writeRows(BenchSummary summary, Target target) {
        Double amplification = summary.projectionWriteAmplification();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("projections write amplification (x input)", amplification == null ? "n/a"
                : String.format(Locale.ROOT, "%.2f", amplification), NONE, NONE, target(target)));
        summary.pairs().stream().map(Pair::projection).filter(Objects::nonNull).map(Projection::writes)
                .filter(Objects::nonNull).findFirst().ifPresent(writes -> {
                    rows.add(new Row("  changelog topics (MB sent)", megabytes(writes.changelogBytes()), NONE, NONE, ""));
                    rows.add(new Row("  repartition topics (MB sent)", megabytes(writes.repartitionBytes()), NONE, NONE, ""));
                    new TreeMap<>(writes.outputBytes()).forEach((topic, bytes) ->
                            rows.add(new Row("  output " + topic + " (MB sent)", megabytes(bytes), NONE, NONE, "")));
                    new TreeMap<>(writes.otherBytes()).forEach((topic, bytes) ->
                            rows.add(new Row("  other " + topic + " (MB sent)", megabytes(bytes), NONE, NONE, "")));
                    rows.add(new Row("  input: domain topics on the broker (MB)", megabytes(writes.inputBytes()), NONE, NONE, ""));
                });
        return rows;
    }

    static String render(BenchSummary summary) {
        List<Row> rows = rows(summary);
        String[] headers = {"measurement", "ours", "raw Kafka", "ratio", "target"};
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
        }
        for (Row row : rows) {
            String[] cells = cells(row);
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        line(table, headers, widths);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        table.append(rule.toString().stripTrailing()).append(System.lineSeparator());
        rows.forEach(row -> line(table, cells(row), widths));
        return table.toString();
    }

    private static String[] cells(Row row) {
        return new String[] {row.measurement(), row.ours(), row.raw(), row.ratio(), row.target()};
    }

    private static void line(StringBuilder table, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i];
            boolean numeric = i > 0 && i < 4;
            String padded = numeric ? " ".repeat(widths[i] - cell.length()) + cell : cell + " ".repeat(widths[i] - cell.length());
            line.append(i == 0 ? "" : " | ").append(padded);
        }
        table.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }

    private static Row latencyRow(BenchSummary summary, String name, Function<Pair, Latency> ours,
                                  Function<LatencyStats, Number> figure, String target) {
        return new Row(name, millis(summary.e2e(ours, figure)), millis(summary.e2e(Pair::e2eRaw, figure)),
                ratio(summary.e2eRatio(ours, figure)), target);
    }

    private static Row memoryRow(String name, Double ours, Double raw, String target) {
        return new Row(name, ours == null ? "n/a" : String.format(Locale.ROOT, "%.0f", ours),
                raw == null ? NONE : String.format(Locale.ROOT, "%.0f", raw), ratio(BenchSummary.ratio(ours, raw)), target);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f", bytes / 1e6);
    }

    private static String target(Target target) {
        return target == null ? "" : target.boundText() + " " + target.verdict();
    }

    static String count(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
    }

    static String millis(Double value) {
        return value == null ? "n/a" : value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    static String seconds(Double value) {
        return value == null ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
    }

    /**
     * Three decimals, truncated rather than rounded, so that a ratio just below an "at least" bound
     * does not print as the bound.
     */
    static String ratio(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.3f", Math.floor(value * 1000 + 1e-9) / 1000);
    }

    /** One decimal, truncated (49.98 % prints as 49.9 %, not as the 50 % bound). */
    static String percent(Double value) {
        return value == null ? NONE : String.format(Locale.ROOT, "%.1f%%", Math.floor(value * 1000 + 1e-9) / 10);
    }
}
