package io.agentevents.cli.bench;

import io.agentevents.cli.bench.BenchSummary.Target;
import io.agentevents.cli.bench.Measurements.Latency;
import io.agentevents.cli.bench.Measurements.Pair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        rows.add(new Row("emit throughput, after warm-up (records/s)", count(summary.emitOurs()), count(summary.emitRaw()),
                ratio(summary.emitRatio()), target(targets.get("emit_ratio"))));
        rows.add(new Row("  whole run, warm-up included", count(summary.wholeRun(Pair::emitOurs)),
                count(summary.wholeRun(Pair::emitRaw)), ratio(summary.wholeRunRatio(Pair::emitOurs, Pair::emitRaw)), ""));
        rows.add(new Row("subscriber, no-op handler, after join (records/s)", count(summary.consumerOurs()), count(summary.consumerRaw()),
                ratio(summary.consumerRatio()), target(targets.get("consumer_ratio"))));
        rows.add(new Row("  whole run, start and group join included", count(summary.wholeRun(Pair::consumerOurs)),
                count(summary.wholeRun(Pair::consumerRaw)), ratio(summary.wholeRunRatio(Pair::consumerOurs, Pair::consumerRaw)),
                ""));
        rows.add(latencyRow(summary, "e2e latency avg (ms)", Latency::avgMs, ""));
        rows.add(latencyRow(summary, "e2e latency p50 (ms)", Latency::p50Ms, ""));
        rows.add(latencyRow(summary, "e2e latency p99 (ms)", Latency::p99Ms, target(targets.get("e2e_p99_ratio"))));
        rows.add(latencyRow(summary, "e2e latency p99.9 (ms)", Latency::p999Ms, ""));
        rows.add(new Row("e2e latency max (ms)", millis(summary.e2eOursMax()), "n/a (not printed)", NONE, ""));
        Map<Integer, Double> rates = summary.levelRecordsPerSecond();
        Map<Integer, Double> ideal = summary.levelIdealRecordsPerSecond();
        summary.parallelEfficiency().forEach((concurrency, efficiency) -> rows.add(new Row(
                "10 ms handlers, concurrency " + concurrency + " (records/s)", count(rates.get(concurrency)),
                "ideal " + count(ideal.get(concurrency)), percent(efficiency),
                concurrency == BenchSummary.EFFICIENCY_TARGET_CONCURRENCY ? target(targets.get("parallel_efficiency_64")) : "")));
        rows.add(new Row("projections fold rate (events/s)", count(summary.projectionEventsPerSecond()), NONE, NONE,
                target(targets.get("projection_events_per_s"))));
        rows.add(new Row("projections catch-up incl. start (s)", seconds(summary.projectionCatchUpSeconds()), NONE, NONE, ""));
        rows.add(memoryRow("peak RSS, emit (MB)", summary.peakRss(p -> BenchSummary.rss(p.emitOurs())),
                summary.peakRss(p -> BenchSummary.rss(p.emitRaw()))));
        rows.add(memoryRow("peak RSS, e2e latency (MB)", summary.peakRss(p -> BenchSummary.rss(p.e2eOurs())),
                summary.peakRss(p -> BenchSummary.rss(p.e2eRaw()))));
        rows.add(memoryRow("peak RSS, subscriber no-op (MB)", summary.peakRss(p -> BenchSummary.rss(p.consumerOurs())),
                summary.peakRss(p -> BenchSummary.rss(p.consumerRaw()))));
        rows.add(memoryRow("peak RSS, 10 ms handler sweep (MB)",
                summary.peakRss(p -> p.concurrency() == null ? null : p.concurrency().peakRssMb()), null));
        rows.add(memoryRow("peak RSS, projections (MB)",
                summary.peakRss(p -> p.projection() == null ? null : p.projection().peakRssMb()), null));
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

    private static Row latencyRow(BenchSummary summary, String name, Function<Latency, Number> figure, String target) {
        return new Row(name, millis(summary.e2eOurs(figure)), millis(summary.e2eRaw(figure)), ratio(summary.e2eRatio(figure)),
                target);
    }

    private static Row memoryRow(String name, Double ours, Double raw) {
        return new Row(name, ours == null ? "n/a" : String.format(Locale.ROOT, "%.0f", ours),
                raw == null ? NONE : String.format(Locale.ROOT, "%.0f", raw), ratio(BenchSummary.ratio(ours, raw)), "");
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
