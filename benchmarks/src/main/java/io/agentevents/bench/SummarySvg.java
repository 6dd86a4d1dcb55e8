package io.agentevents.bench;

import io.agentevents.bench.BenchSummary.Target;
import io.agentevents.bench.Measurements.Latency;
import io.agentevents.bench.Measurements.Pair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Draws a {@link BenchSummary} as one SVG a person can open in a browser: ours against raw Kafka per
 * metric (bars scaled per metric), parallel efficiency per concurrency against its targets and the
 * stall check, the projections' fold rate and write amplification and {@code eventbus local}'s time to
 * ready against their targets, and the peak memory of every process.
 */
final class SummarySvg {
    private static final int WIDTH = 1100;
    private static final int VERDICT_X = 820;
    private static final int LABEL_X = 20;
    private static final int BAR_X = 270;
    private static final int BAR_MAX = 440;
    private static final String OURS = "#1f77b4";
    private static final String RAW = "#9e9e9e";
    private static final String MISSED = "#d62728";
    private static final String MET = "#2ca02c";

    private final StringBuilder body = new StringBuilder();
    private int y;

    private SummarySvg() {
    }

    static String render(BenchSummary summary, String subtitle) {
        return new SummarySvg().draw(summary, subtitle);
    }

    private record Bar(String label, Double ours, Double raw, String unit, Double ratio, Target target) {
    }

    private String draw(BenchSummary summary, String subtitle) {
        Map<String, Target> targets = new LinkedHashMap<>();
        summary.targets().forEach(target -> targets.put(target.key(), target));
        y = 30;
        text(LABEL_X, y, "eventbus bench: the platform against raw Kafka", 20, "bold", "start", "#000");
        y += 22;
        text(LABEL_X, y, subtitle, 12, "normal", "start", "#555");
        y += 20;
        legend();

        heading("Ours vs raw Kafka (bars scaled per metric; throughput: longer is better, latency: shorter is better)");
        List<Bar> bars = new ArrayList<>();
        bars.add(new Bar("emit (records/s)", summary.rate(Pair::emitOurs), summary.rate(Pair::emitRaw), "", summary.emitRatio(),
                targets.get("emit_ratio")));
        bars.add(new Bar("subscriber, no-op (records/s)", summary.rate(Pair::consumerOurs), summary.rate(Pair::consumerRaw), "",
                summary.consumerRatio(), targets.get("consumer_ratio")));
        bars.add(new Bar("vs consumer + Avro (records/s)", summary.rate(Pair::consumerOurs), summary.rate(Pair::consumerAvro), "",
                summary.consumerAvroRatio(), targets.get("consumer_avro_ratio")));
        bars.add(new Bar("e2e p50, linger.ms=0 (ms)", summary.e2e(Pair::e2eOursNoLinger, LatencyStats::p50Ms),
                summary.e2e(Pair::e2eRaw, LatencyStats::p50Ms), " ms", summary.e2eRatio(Pair::e2eOursNoLinger, LatencyStats::p50Ms),
                targets.get("e2e_p50_ratio")));
        bars.add(new Bar("e2e p99, linger.ms=0 (ms)", summary.e2e(Pair::e2eOursNoLinger, LatencyStats::p99Ms),
                summary.e2e(Pair::e2eRaw, LatencyStats::p99Ms), " ms", summary.e2eRatio(Pair::e2eOursNoLinger, LatencyStats::p99Ms),
                targets.get("e2e_p99_ratio")));
        bars.add(new Bar("e2e p99, bus default linger (ms)", summary.e2e(Pair::e2eOurs, LatencyStats::p99Ms),
                summary.e2e(Pair::e2eRaw, LatencyStats::p99Ms), " ms", summary.e2eRatio(Pair::e2eOurs, LatencyStats::p99Ms), null));
        bars.forEach(this::pairOfBars);

        heading("10 ms handlers: parallel efficiency (achieved / ideal records/s) per maxConcurrency; dashes: targets");
        efficiency(summary.parallelEfficiency());
        Target stalls = targets.get("handler_stalls");
        y += 14;
        text(LABEL_X, y, "stall check: " + (summary.stallCheck() == null ? "not run" : String.format(Locale.ROOT,
                "%d of %d runs stalled (%d-way, %,d events, %d s each), median efficiency %s", summary.stallCheck().stalls(),
                summary.stallCheck().runs().size(), summary.stallCheck().concurrency(), summary.stallCheck().events(),
                summary.stallCheck().limitSeconds(), SummaryTable.percent(summary.stallMedianEfficiency()))),
                12, "normal", "start", "#000");
        text(VERDICT_X, y, stalls.boundText() + " " + stalls.verdict(), 12, "bold", "start", color(stalls));
        y += 6;

        heading("Projections (backlog catch-up), eventbus local and eventbus emit; dashes: targets");
        Double rate = summary.projectionEventsPerSecond();
        targetBar("fold rate", rate, SummaryTable.count(rate) + " events/s", targets.get("projection_events_per_s"));
        Double amplification = summary.projectionWriteAmplification();
        targetBar("write amplification", amplification, amplification == null ? "n/a"
                : String.format(Locale.ROOT, "%.2f x input", amplification), targets.get("projection_write_amplification"));
        Double ready = summary.localReadySeconds();
        targetBar("local: start to queryable", ready, SummaryTable.seconds(ready) + " s", targets.get("local_ready_s"));
        Double emit = summary.cliEmitSeconds();
        targetBar("emit: command to result", emit, emit == null ? "n/a" : String.format(Locale.ROOT, "%.2f s", emit),
                targets.get("cli_emit_s"));

        heading("Peak memory (VmHWM) of each child JVM, MB; same -Xmx on both sides");
        List<Bar> memory = List.of(
                new Bar("emit", summary.peakRss(p -> BenchSummary.rss(p.emitOurs())),
                        summary.peakRss(p -> BenchSummary.rss(p.emitRaw())), " MB", null, null),
                new Bar("e2e latency", summary.peakRss(p -> BenchSummary.rss(p.e2eOurs())),
                        summary.peakRss(p -> BenchSummary.rss(p.e2eRaw())), " MB", null, null),
                new Bar("subscriber, no-op", summary.peakRss(p -> BenchSummary.rss(p.consumerOurs())),
                        summary.peakRss(p -> BenchSummary.rss(p.consumerRaw())), " MB", null, null),
                new Bar("10 ms handler sweep", summary.peakRss(p -> p.concurrency() == null ? null : p.concurrency().peakRssMb()),
                        null, " MB", null, null),
                new Bar("projections", summary.peakRss(p -> p.projection() == null ? null : p.projection().peakRssMb()),
                        null, " MB", null, null),
                new Bar("eventbus local", summary.peakRss(p -> p.localReady() == null ? null : p.localReady().peakRssMb()),
                        null, " MB", null, null));
        double maxMemory = memory.stream().flatMap(b -> Stream.of(b.ours(), b.raw()))
                .filter(Objects::nonNull).mapToDouble(Double::doubleValue).max().orElse(1);
        for (Bar b : memory) {
            bar(b.label() + " (ours)", b.ours(), maxMemory, OURS, value(b.ours(), b.unit()), null);
            if (b.raw() != null) {
                bar(b.label() + " (raw Kafka)", b.raw(), maxMemory, RAW, value(b.raw(), b.unit()), null);
            }
        }
        y += 10;
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + WIDTH + "\" height=\"" + y + "\" viewBox=\"0 0 "
                + WIDTH + " " + y + "\" font-family=\"sans-serif\">" + System.lineSeparator()
                + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>" + System.lineSeparator() + body + "</svg>"
                + System.lineSeparator();
    }

    private void legend() {
        rect(LABEL_X, y - 10, 12, 12, OURS);
        text(LABEL_X + 18, y, "ours (KafkaEventBus, EventSubscriber, projections)", 12, "normal", "start", "#000");
        rect(LABEL_X + 340, y - 10, 12, 12, RAW);
        text(LABEL_X + 358, y, "baselines (ProducerPerformance, ConsumerPerformance, consumer + Avro, EndToEndLatency)", 12, "normal", "start", "#000");
        y += 10;
    }

    private void heading(String title) {
        y += 28;
        text(LABEL_X, y, title, 14, "bold", "start", "#000");
        y += 12;
    }

    private void pairOfBars(Bar b) {
        double max = Math.max(b.ours() == null ? 0 : b.ours(), b.raw() == null ? 0 : b.raw());
        int top = y;
        text(LABEL_X, y + 20, b.label(), 13, "normal", "start", "#000");
        bar(null, b.ours(), max, OURS, value(b.ours(), b.unit()), null);
        bar(null, b.raw(), max, RAW, value(b.raw(), b.unit()), null);
        String verdict = "ratio " + SummaryTable.ratio(b.ratio());
        String color = "#000";
        if (b.target() != null) {
            verdict += "  (" + b.target().boundText() + " " + b.target().verdict() + ")";
            color = color(b.target());
        }
        text(VERDICT_X, top + 20, verdict, 12, "bold", "start", color);
        y += 6;
    }

    private void bar(String label, Double value, double max, String color, String valueText, Target target) {
        y += 4;
        if (label != null) {
            text(LABEL_X, y + 13, label, 12, "normal", "start", "#000");
        }
        int width = value == null || max <= 0 ? 0 : (int) Math.round(Math.min(1.0, value / max) * BAR_MAX);
        rect(BAR_X, y, Math.max(1, width), 16, value == null ? "#eee" : color);
        text(BAR_X + width + 6, y + 13, valueText, 12, "normal", "start", "#000");
        if (target != null) {
            text(VERDICT_X, y + 13, target.boundText() + " " + target.verdict(), 12, "bold", "start", color(target));
        }
        y += 18;
    }

    private void efficiency(Map<Integer, Double> levels) {
        int chartTop = y + 10;
        int chartHeight = 160;
        int base = chartTop + chartHeight;
        double top = 1.1;
        for (double tick : new double[] {0, 0.5, 1.0}) {
            int ty = base - (int) Math.round(tick / top * chartHeight);
            body.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#ccc\"/>%n",
                    BAR_X - 10, ty, BAR_X + BAR_MAX, ty));
            text(BAR_X - 14, ty + 4, String.format(Locale.ROOT, "%.0f %%", tick * 100), 11, "normal", "end", "#555");
        }
        int slot = levels.isEmpty() ? BAR_MAX : BAR_MAX / levels.size();
        int i = 0;
        for (Map.Entry<Integer, Double> level : levels.entrySet()) {
            double value = level.getValue() == null ? 0 : Math.min(top, level.getValue());
            int height = (int) Math.round(value / top * chartHeight);
            int x = BAR_X + i * slot + slot / 4;
            Double bound = BenchSummary.EFFICIENCY_TARGETS.get(level.getKey());
            String color = bound == null ? OURS : level.getValue() != null && level.getValue() >= bound ? MET : MISSED;
            rect(x, base - height, slot / 2, Math.max(1, height), color);
            if (bound != null) {
                int ty = base - (int) Math.round(bound / top * chartHeight);
                body.append(String.format(Locale.ROOT,
                        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-dasharray=\"4,3\"/>%n",
                        x - 8, ty, x + slot / 2 + 8, ty));
            }
            text(x + slot / 4, base - height - 5, SummaryTable.percent(level.getValue()), 12, "bold", "middle", "#000");
            text(x + slot / 4, base + 16, "concurrency " + level.getKey(), 12, "normal", "middle", "#000");
            i++;
        }
        text(LABEL_X, chartTop + 20, "fraction of ideal", 12, "normal", "start", "#555");
        text(LABEL_X, chartTop + 36, "(events x 10 ms / concurrency)", 12, "normal", "start", "#555");
        y = base + 24;
    }

    /** One bar against its target's bound, drawn as a dashed line; the scale fits both. */
    private void targetBar(String label, Double value, String valueText, Target target) {
        double scale = Math.max(target.bound(), value == null ? 0 : value) * 1.1;
        bar(label, value, scale, OURS, valueText, target);
        int targetX = BAR_X + (int) Math.round(target.bound() / scale * BAR_MAX);
        body.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\" stroke-dasharray=\"4,3\"/>%n",
                targetX, y - 22, targetX, y - 2));
        y += 4;
    }

    private static String color(Target target) {
        return Boolean.TRUE.equals(target.met()) ? MET : target.met() == null ? "#000" : MISSED;
    }

    private static String value(Double value, String unit) {
        if (value == null) {
            return "n/a";
        }
        return (value >= 100 ? SummaryTable.count(value) : SummaryTable.millis(value)) + unit;
    }

    private void rect(int x, int top, int width, int height, String color) {
        body.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n",
                x, top, width, height, color));
    }

    private void text(int x, int baseline, String content, int size, String weight, String anchor, String color) {
        body.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"%d\" font-weight=\"%s\" text-anchor=\"%s\" fill=\"%s\">%s</text>%n",
                x, baseline, size, weight, anchor, color, escape(content)));
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
