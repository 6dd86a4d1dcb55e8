package io.agentevents.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentevents.cli.bench.Measurements.Concurrency;
import io.agentevents.cli.bench.Measurements.Latency;
import io.agentevents.cli.bench.Measurements.Level;
import io.agentevents.cli.bench.Measurements.Pair;
import io.agentevents.cli.bench.Measurements.Projection;
import io.agentevents.cli.bench.Measurements.Throughput;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The summary of a run: medians, ratios, targets, the JSON document, the table and the chart. */
class BenchSummaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Pair pair(int index, double emitOurs, double emitRaw, int p99Ours, int p99Raw, double subscriberOurs,
                             double subscriberRaw, double seconds64, double projectionRate) {
        return new Pair(index,
                new Throughput(16_000, 16_000 / emitOurs, emitOurs, emitOurs * 0.5, 210.5),
                new Throughput(16_000, 16_000 / emitRaw, emitRaw, emitRaw * 0.8, 180.0),
                new Latency(500, 3.2, 2, p99Ours, p99Ours + 3, 40.5, 220.0),
                new Latency(500, 1.9, 1, p99Raw, p99Raw + 2, null, 150.0),
                new Throughput(20_000, 20_000 / subscriberOurs, subscriberOurs, subscriberOurs / 2, 230.0),
                new Throughput(20_000, 20_000 / subscriberRaw, subscriberRaw, subscriberRaw / 2, 160.0),
                new Concurrency(List.of(new Level(1, 10, 30, 0.32), new Level(16, 10, 480, 0.33),
                        new Level(64, 10, 1920, seconds64), new Level(256, 10, 7680, 1.5)), 300.0),
                new Projection(20_000, projectionRate, 4.0, 9.0, 20_000, 400.0));
    }

    private static BenchSummary summary() {
        return new BenchSummary(Map.of("events", 20_000, "quick", true), Map.of("nproc", 2, "java_version", "17"), List.of(
                pair(1, 9_000, 10_000, 6, 4, 8_000, 10_000, 0.5, 25_000),
                pair(2, 9_600, 10_000, 12, 4, 9_000, 10_000, 0.9, 15_000)));
    }

    @Test
    void ratiosAreMediansOfThePerPairRatiosAndTargetsAreJudged() {
        BenchSummary summary = summary();

        assertThat(summary.emitRatio()).isCloseTo(0.93, within(1e-9));
        assertThat(summary.emitOurs()).isCloseTo(9_300, within(1e-9));
        assertThat(summary.consumerRatio()).isCloseTo(0.85, within(1e-9));
        assertThat(summary.e2eRatio(Latency::p99Ms)).isCloseTo((1.5 + 3.0) / 2, within(1e-9));
        assertThat(summary.parallelEfficiency().get(64)).isCloseTo((0.3 / 0.5 + 0.3 / 0.9) / 2, within(1e-9));
        assertThat(summary.parallelEfficiency().get(1)).isCloseTo(0.3 / 0.32, within(1e-9));
        assertThat(summary.projectionEventsPerSecond()).isCloseTo(20_000, within(1e-9));
        assertThat(summary.targets()).extracting(BenchSummary.Target::key, BenchSummary.Target::met).containsExactly(
                org.assertj.core.groups.Tuple.tuple("emit_ratio", true),
                org.assertj.core.groups.Tuple.tuple("consumer_ratio", true),
                org.assertj.core.groups.Tuple.tuple("e2e_p99_ratio", false),
                org.assertj.core.groups.Tuple.tuple("parallel_efficiency_64", false),
                org.assertj.core.groups.Tuple.tuple("projection_events_per_s", true));
    }

    @Test
    void latencyBelowTheToolsResolutionCountsAsOneMillisecond() {
        BenchSummary summary = new BenchSummary(Map.of(), Map.of(), List.of(pair(1, 1, 1, 0, 0, 1, 1, 1, 1)));

        assertThat(summary.e2eRatio(Latency::p99Ms)).isEqualTo(1.0);
    }

    @Test
    void theJsonDocumentHasEveryKeyAndTheRawFigures() throws Exception {
        JsonNode json = JSON.readTree(JSON.writeValueAsString(summary().toJson()));

        assertThat(json.path("emit_ratio").asDouble()).isCloseTo(0.93, within(1e-9));
        assertThat(json.path("consumer_ratio").asDouble()).isCloseTo(0.85, within(1e-9));
        assertThat(json.path("e2e_p99_ratio").asDouble()).isCloseTo(2.25, within(1e-9));
        assertThat(json.path("parallel_efficiency").fieldNames()).toIterable().containsExactly("1", "16", "64", "256");
        assertThat(json.path("projection_events_per_s").asDouble()).isCloseTo(20_000, within(1e-9));
        assertThat(json.at("/emit/per_pair/0/ours/records_per_s").asDouble()).isEqualTo(9_000);
        assertThat(json.at("/emit/per_pair/1/raw/peak_rss_mb").asDouble()).isEqualTo(180.0);
        assertThat(json.at("/emit/whole_run_ratio").asDouble()).isCloseTo(0.58125, within(1e-9));
        assertThat(json.at("/consumer/per_pair/0/raw/records_per_s_whole_run").asDouble()).isEqualTo(5_000);
        assertThat(json.at("/e2e/raw_max_ms").isNull()).isTrue();
        assertThat(json.at("/e2e/ours_max_ms").asDouble()).isEqualTo(40.5);
        assertThat(json.at("/concurrency/levels/2/concurrency").asInt()).isEqualTo(64);
        assertThat(json.at("/projections/per_pair/1/events_per_s").asDouble()).isEqualTo(15_000);
        assertThat(json.at("/peak_rss_mb/consumer/ours").asDouble()).isEqualTo(230.0);
        assertThat(json.at("/targets/e2e_p99_ratio/met").asBoolean()).isFalse();
        assertThat(json.at("/targets/emit_ratio/target").asText()).isEqualTo(">= 0.90");
        assertThat(json.at("/machine/nproc").asInt()).isEqualTo(2);
        assertThat(json.at("/settings/events").asInt()).isEqualTo(20_000);
    }

    @Test
    void theTableMarksEachTargetMetOrMissed() {
        String table = summary().table();

        assertThat(table.lines().findFirst().orElseThrow()).contains("measurement").contains("ours").contains("raw Kafka")
                .contains("ratio").contains("target");
        assertThat(table).containsPattern("emit throughput, after warm-up \\(records/s\\)\\s+\\|\\s+9,300 \\|\\s+10,000 \\|\\s+0.930 \\| >= 0.90 met")
                .containsPattern("(?m)whole run, warm-up included\\s+\\|\\s+4,650 \\|\\s+8,000 \\|\\s+0.581 \\|\\s*$")
                .containsPattern("e2e latency p99 \\(ms\\).*<= 2.00 MISSED")
                .containsPattern("concurrency 64 .*>= 0.50 MISSED")
                .containsPattern("projections fold rate.*>= 20,000 met")
                .contains("e2e latency max (ms)").contains("n/a (not printed)")
                .containsPattern("concurrency 64 \\(records/s\\)\\s+\\|\\s+2,987 \\|\\s+ideal 6,400 \\|\\s+46.6% \\|")
                .containsPattern("peak RSS, emit \\(MB\\)\\s+\\|\\s+211 \\|\\s+180");
    }

    @Test
    void theChartIsWellFormedSvgWithBarsAndVerdicts() throws Exception {
        String svg = SummarySvg.render(summary(), "2026-11-29; 2 cores <AMD & co>");

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(document.getElementsByTagName("rect").getLength()).isGreaterThan(20);
        assertThat(svg).contains("2 cores &lt;AMD &amp; co&gt;").contains("emit (records/s)").contains("concurrency 256")
                .contains("MISSED").contains("met").contains("Peak memory");
    }

    @Test
    void figuresJustBelowABoundDoNotPrintAsTheBound() {
        assertThat(SummaryTable.percent(0.49981)).isEqualTo("49.9%");
        assertThat(SummaryTable.ratio(0.8999)).isEqualTo("0.899");
        assertThat(SummaryTable.ratio(0.9)).isEqualTo("0.900");
    }

    @Test
    void peakMemoryIsReadFromTheStatusFile() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t 4000000 kB", "VmHWM:\t  215040 kB", "VmRSS:\t  200000 kB");

        assertThat(ChildJvm.parseVmHwm(status)).isEqualTo(OptionalLong.of(215_040));
        assertThat(ChildJvm.parseVmHwm(List.of("Name:\tjava"))).isEmpty();
        assertThat(ChildJvm.peakRssKb(java.nio.file.Path.of("/no/such/proc/status"))).isEmpty();
    }

    @Test
    void latenciesAreSummarisedAsEndToEndLatencyDoes() {
        long[] nanos = new long[100];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (i + 1) * 1_500_000L; // 1.5 ms .. 150 ms
        }

        LatencyStats stats = LatencyStats.of(nanos);

        assertThat(stats.p50Ms()).isEqualTo(76); // index 50: 76.5 ms, truncated
        assertThat(stats.p99Ms()).isEqualTo(150); // index 99
        assertThat(stats.maxMs()).isCloseTo(150.0, within(1e-9));
        assertThat(stats.avgMs()).isCloseTo(75.75, within(1e-9));
    }
}
