package io.agentevents.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentevents.bench.Measurements.CliEmit;
import io.agentevents.bench.Measurements.Codec;
import io.agentevents.bench.Measurements.Concurrency;
import io.agentevents.bench.Measurements.Latency;
import io.agentevents.bench.Measurements.Level;
import io.agentevents.bench.Measurements.LocalReady;
import io.agentevents.bench.Measurements.Pair;
import io.agentevents.bench.Measurements.Projection;
import io.agentevents.bench.Measurements.Results;
import io.agentevents.bench.Measurements.StallCheck;
import io.agentevents.bench.Measurements.StallRun;
import io.agentevents.bench.Measurements.Throughput;
import io.agentevents.bench.Measurements.WriteAmplification;

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

    private record Figures(double emitOurs, double emitRaw, int p99Ours, int p99Raw, double subscriberOurs,
                           double subscriberRaw, double subscriberAvro, double seconds64, double projectionRate,
                           double readySeconds) {
    }

    private static Pair pair(int index, Figures f) {
        return new Pair(index,
                new Throughput(16_000, 16_000 / f.emitOurs(), f.emitOurs(), f.emitOurs() * 0.5, 210.5),
                new Throughput(16_000, 16_000 / f.emitRaw(), f.emitRaw(), f.emitRaw() * 0.8, 180.0),
                new Latency(new LatencyStats(500, 7.5, 6, f.p99Ours() + 10, f.p99Ours() + 13, 60.5), 5, 221.0),
                new Latency(new LatencyStats(500, 3.2, 2, f.p99Ours(), f.p99Ours() + 3, 40.5), 0, 220.0),
                new Latency(new LatencyStats(500, 1.9, 1, f.p99Raw(), f.p99Raw() + 2, null), 0, 150.0),
                new Throughput(20_000, 20_000 / f.subscriberOurs(), f.subscriberOurs(), f.subscriberOurs() / 2, 230.0),
                new Throughput(20_000, 20_000 / f.subscriberRaw(), f.subscriberRaw(), f.subscriberRaw() / 2, 160.0),
                new Throughput(20_000, 20_000 / f.subscriberAvro(), f.subscriberAvro(), f.subscriberAvro() / 2, 190.0),
                new Concurrency(List.of(new Level(1, 10, 30, 0.32), new Level(16, 10, 480, 0.33),
                        new Level(64, 10, 1920, f.seconds64()), new Level(256, 10, 7680, 1.5)), 300.0),
                new Projection(20_000, f.projectionRate(), 4.0, 9.0, 20_000, new WriteAmplification(1_000_000, 6_000_000,
                        2_000_000, Map.of("projections.audit", 3_000_000L, "projections.plan-state", 500_000L), Map.of()), 400.0),
                new LocalReady(f.readySeconds(), 350.0, true),
                index == 1 ? new CliEmit("eventbus emit ...", List.of(0.9, 0.7, 0.8, 1.3, 0.75), 110.0) : null,
                index == 1 ? List.of(new Codec("lz4", new Throughput(16_000, 0.4, 40_000, 30_000.0, 200.0), 20_000, 6_000_000),
                        new Codec("gzip", new Throughput(16_000, 0.5, 32_000, 25_000.0, 201.0), 20_000, 4_000_000)) : null);
    }

    private static StallCheck stallCheck() {
        return new StallCheck(64, 10, 4_000, 500, 60, List.of(
                new StallRun(1, true, 4_000, 4_000L, new Level(64, 10, 4_000, 0.7), null, 250.0),
                new StallRun(2, false, 4_000, 3_100L, null, "3100 of 4000 events handled within 60 s", 260.0),
                new StallRun(3, true, 4_000, 4_000L, new Level(64, 10, 4_000, 0.9), null, 255.0)));
    }

    private static BenchSummary summary() {
        return new BenchSummary(Map.of("events", 20_000, "quick", true), Map.of("nproc", 2, "java_version", "17"),
                new Results(List.of(
                        pair(1, new Figures(9_000, 10_000, 6, 4, 8_000, 10_000, 10_000, 0.5, 25_000, 4.0)),
                        pair(2, new Figures(9_600, 10_000, 12, 4, 9_000, 10_000, 8_000, 0.9, 15_000, 7.0))),
                        stallCheck()));
    }

    @Test
    void ratiosAreMediansOfThePerPairRatiosAndTargetsAreJudged() {
        BenchSummary summary = summary();

        assertThat(summary.emitRatio()).isCloseTo(0.93, within(1e-9));
        assertThat(summary.rate(Pair::emitOurs)).isCloseTo(9_300, within(1e-9));
        assertThat(summary.consumerRatio()).isCloseTo(0.85, within(1e-9));
        assertThat(summary.consumerAvroRatio()).isCloseTo((0.8 + 1.125) / 2, within(1e-9));
        assertThat(summary.e2eRatio(Pair::e2eOursNoLinger, LatencyStats::p99Ms)).isCloseTo((1.5 + 3.0) / 2, within(1e-9));
        assertThat(summary.e2eRatio(Pair::e2eOursNoLinger, LatencyStats::p50Ms)).isCloseTo(2.0, within(1e-9));
        assertThat(summary.e2eRatio(Pair::e2eOurs, LatencyStats::p50Ms)).isCloseTo(6.0, within(1e-9));
        assertThat(summary.parallelEfficiency().get(64)).isCloseTo((0.3 / 0.5 + 0.3 / 0.9) / 2, within(1e-9));
        assertThat(summary.parallelEfficiency().get(1)).isCloseTo(0.3 / 0.32, within(1e-9));
        assertThat(summary.handlerStalls()).isEqualTo(1.0);
        assertThat(summary.stallMedianEfficiency()).isCloseTo((0.625 / 0.7 + 0.625 / 0.9) / 2, within(1e-9));
        assertThat(summary.projectionEventsPerSecond()).isCloseTo(20_000, within(1e-9));
        assertThat(summary.projectionWriteAmplification()).isCloseTo(8.0, within(1e-9));
        assertThat(summary.localReadySeconds()).isCloseTo(5.5, within(1e-9));
        assertThat(summary.peakRssRatio(Pair::emitOurs, Pair::emitRaw)).isCloseTo(210.5 / 180, within(1e-9));
        assertThat(summary.targets()).extracting(BenchSummary.Target::key).containsExactly("emit_ratio", "consumer_avro_ratio",
                "consumer_ratio", "e2e_p50_ratio", "e2e_p99_ratio", "parallel_efficiency_64", "parallel_efficiency_256",
                "handler_stalls", "projection_events_per_s", "projection_write_amplification", "peak_rss_emit_ratio",
                "peak_rss_consumer_ratio", "local_ready_s", "cli_emit_s");
        assertThat(summary.targets()).extracting(BenchSummary.Target::met).doesNotContainNull();
        assertThat(summary.targets()).filteredOn(BenchSummary.Target::met).extracting(BenchSummary.Target::key).containsExactly(
                "consumer_avro_ratio", "consumer_ratio", "e2e_p50_ratio", "projection_events_per_s",
                "projection_write_amplification", "peak_rss_emit_ratio", "cli_emit_s");
        assertThat(summary.cliEmitSeconds()).isCloseTo(0.8, within(1e-9)); // the median of pair 1's five runs
    }

    @Test
    void aMeasurementLeftOutHasNoFigureAndNoVerdict() {
        BenchSummary summary = new BenchSummary(Map.of(), Map.of(), new Results(List.of(new Pair(1, null, null, null, null,
                null, null, null, null, null, null, null, null, null)), null));

        assertThat(summary.targets()).allSatisfy(target -> {
            assertThat(target.value()).as(target.key()).isNull();
            assertThat(target.verdict()).as(target.key()).isEqualTo("n/a");
        });
        assertThat(summary.table()).contains("stall check").contains("n/a");
    }

    @Test
    void latencyBelowTheToolsResolutionCountsAsOneMillisecond() {
        Pair pair = pair(1, new Figures(1, 1, 0, 0, 1, 1, 1, 1, 1, 1));
        BenchSummary summary = new BenchSummary(Map.of(), Map.of(), new Results(List.of(pair), null));

        assertThat(summary.e2eRatio(Pair::e2eOursNoLinger, LatencyStats::p99Ms)).isEqualTo(1.0);
    }

    @Test
    void theJsonDocumentHasEveryKeyAndTheRawFigures() throws Exception {
        JsonNode json = JSON.readTree(JSON.writeValueAsString(summary().toJson()));

        assertThat(json.path("emit_ratio").asDouble()).isCloseTo(0.93, within(1e-9));
        assertThat(json.path("consumer_ratio").asDouble()).isCloseTo(0.85, within(1e-9));
        assertThat(json.path("consumer_avro_ratio").asDouble()).isCloseTo(0.9625, within(1e-9));
        assertThat(json.path("e2e_p99_ratio").asDouble()).isCloseTo(2.25, within(1e-9));
        assertThat(json.path("e2e_p50_ratio").asDouble()).isCloseTo(2.0, within(1e-9));
        assertThat(json.path("parallel_efficiency").fieldNames()).toIterable().containsExactly("1", "16", "64", "256");
        assertThat(json.path("handler_stalls").asInt()).isEqualTo(1);
        assertThat(json.path("projection_events_per_s").asDouble()).isCloseTo(20_000, within(1e-9));
        assertThat(json.path("projection_write_amplification").asDouble()).isCloseTo(8.0, within(1e-9));
        assertThat(json.path("local_ready_s").asDouble()).isCloseTo(5.5, within(1e-9));
        assertThat(json.at("/emit/per_pair/0/ours/records_per_s").asDouble()).isEqualTo(9_000);
        assertThat(json.at("/emit/per_pair/1/raw/peak_rss_mb").asDouble()).isEqualTo(180.0);
        assertThat(json.at("/emit/whole_run_ratio").asDouble()).isCloseTo(0.58125, within(1e-9));
        assertThat(json.at("/emit/per_pair/0").has("avro")).isFalse();
        assertThat(json.at("/consumer/per_pair/0/raw/records_per_s_whole_run").asDouble()).isEqualTo(5_000);
        assertThat(json.at("/consumer/per_pair/1/avro/records_per_s").asDouble()).isEqualTo(8_000);
        assertThat(json.at("/consumer/avro_records_per_s").asDouble()).isEqualTo(9_000);
        assertThat(json.at("/e2e/raw/max_ms").isNull()).isTrue();
        assertThat(json.at("/e2e/raw/linger_ms").asInt()).isZero();
        assertThat(json.at("/e2e/ours_linger_0/max_ms").asDouble()).isEqualTo(40.5);
        assertThat(json.at("/e2e/ours_default_linger/linger_ms").asInt()).isEqualTo(5);
        assertThat(json.at("/e2e/ours_default_linger/p50_ratio").asDouble()).isEqualTo(6.0);
        assertThat(json.at("/e2e/per_pair/0/ours_linger_0/p99_ms").asInt()).isEqualTo(6);
        assertThat(json.at("/concurrency/levels/2/concurrency").asInt()).isEqualTo(64);
        assertThat(json.at("/stall_check/stalls").asInt()).isEqualTo(1);
        assertThat(json.at("/stall_check/runs/1/handled").asInt()).isEqualTo(3_100);
        assertThat(json.at("/stall_check/correlation_ids").asInt()).isEqualTo(500);
        assertThat(json.at("/projections/per_pair/1/events_per_s").asDouble()).isEqualTo(15_000);
        assertThat(json.at("/projections/per_pair/0/write_amplification/changelog_bytes").asLong()).isEqualTo(6_000_000);
        assertThat(json.at("/projections/per_pair/0/write_amplification/output_bytes/projections.audit").asLong())
                .isEqualTo(3_000_000);
        assertThat(json.at("/local/per_pair/1/ready_s").asDouble()).isEqualTo(7.0);
        assertThat(json.at("/peak_rss_mb/consumer/ours").asDouble()).isEqualTo(230.0);
        assertThat(json.at("/peak_rss_mb/consumer_avro_baseline").asDouble()).isEqualTo(190.0);
        assertThat(json.at("/targets/e2e_p99_ratio/met").asBoolean()).isFalse();
        assertThat(json.at("/targets/emit_ratio/target").asText()).isEqualTo(">= 0.95");
        assertThat(json.at("/targets/handler_stalls/target").asText()).isEqualTo("<= 0");
        assertThat(json.at("/targets/projection_events_per_s/target").asText()).isEqualTo(">= 20,000");
        assertThat(json.path("cli_emit_s").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(json.at("/cli_emit/per_pair/0/p90_s").asDouble()).isEqualTo(1.3); // nearest rank: the 5th of 5
        assertThat(json.at("/cli_emit/per_pair/0/min_s").asDouble()).isEqualTo(0.7);
        assertThat(json.at("/cli_emit/per_pair/0/runs").asInt()).isEqualTo(5);
        assertThat(json.at("/cli_emit/per_pair").size()).isEqualTo(1);
        assertThat(json.at("/compression/per_pair/0/codecs/1/type").asText()).isEqualTo("gzip");
        assertThat(json.at("/compression/per_pair/0/codecs/1/bytes_per_event").asDouble()).isEqualTo(200.0);
        assertThat(json.at("/peak_rss_mb/cli_emit/ours").asDouble()).isEqualTo(110.0);
        assertThat(json.at("/targets/cli_emit_s/target").asText()).isEqualTo("<= 1");
        assertThat(json.at("/targets").size()).isEqualTo(14);
        assertThat(json.at("/machine/nproc").asInt()).isEqualTo(2);
        assertThat(json.at("/settings/events").asInt()).isEqualTo(20_000);
    }

    @Test
    void theTableMarksEachTargetMetOrMissed() {
        String table = summary().table();

        assertThat(table.lines().findFirst().orElseThrow()).contains("measurement").contains("ours").contains("raw Kafka")
                .contains("ratio").contains("target");
        assertThat(table).containsPattern("emit throughput, after warm-up \\(records/s\\)\\s+\\|\\s+9,300 \\|\\s+10,000 \\|\\s+0.930 \\| >= 0.95 MISSED")
                .containsPattern("(?m)whole run, warm-up included\\s+\\|\\s+4,650 \\|\\s+8,000 \\|\\s+0.581 \\|\\s*$")
                .containsPattern("vs plain consumer \\+ Avro GenericDatumReader\\s+\\|\\s+8,500 \\|\\s+Avro 9,000 \\|\\s+0.962 \\| >= 0.90 met")
                .containsPattern("e2e latency p50 \\(ms\\), linger.ms=0 .*<= 2 met")
                .containsPattern("e2e latency p99 \\(ms\\), linger.ms=0 .*<= 1.50 MISSED")
                .containsPattern("e2e latency p99 \\(ms\\), bus default linger.ms=5\\s+\\|\\s+19 \\|\\s+4")
                .containsPattern("concurrency 64 .*>= 0.80 MISSED")
                .containsPattern("concurrency 256 .*>= 0.60 MISSED")
                .containsPattern("stall check: 64-way, 4,000 events, runs stalled \\(60 s\\)\\s+\\|\\s+1 of 3 .*<= 0 MISSED")
                .containsPattern("projections fold rate.*>= 20,000 met")
                .containsPattern("projections write amplification \\(x input\\)\\s+\\|\\s+8.00 .*<= 10 met")
                .containsPattern("output projections.audit \\(MB sent\\)\\s+\\|\\s+3.00")
                .containsPattern("input: domain topics on the broker \\(MB\\)\\s+\\|\\s+1.00")
                .containsPattern("eventbus local: start to /health 200 \\(s\\)\\s+\\|\\s+5.5 .*<= 5 MISSED")
                .contains("e2e latency max (ms), linger.ms=0").contains("n/a (not printed)")
                .containsPattern("concurrency 64 \\(records/s\\)\\s+\\|\\s+2,987 \\|\\s+ideal 6,400 \\|\\s+46.6% \\|")
                .containsPattern("peak RSS, emit \\(MB\\)\\s+\\|\\s+211 \\|\\s+180 \\|\\s+1.169 \\| <= 1.30 met")
                .containsPattern("peak RSS, subscriber no-op \\(MB\\)\\s+\\|\\s+230 \\|\\s+160 \\|\\s+1.437 \\| <= 1.30 MISSED");
    }

    @Test
    void theChartIsWellFormedSvgWithBarsAndVerdicts() throws Exception {
        String svg = SummarySvg.render(summary(), "2026-11-29; 2 cores <AMD & co>");

        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(document.getElementsByTagName("rect").getLength()).isGreaterThan(20);
        assertThat(svg).contains("2 cores &lt;AMD &amp; co&gt;").contains("emit (records/s)").contains("concurrency 256")
                .contains("vs consumer + Avro").contains("write amplification").contains("1 of 3 runs stalled")
                .contains("local: start to queryable").contains("MISSED").contains("met").contains("Peak memory");
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
