package io.agentevents.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code eventbus bench} in a tiny mode, from the packaged {@code eventbus-bench.jar}, on the embedded platform: every figure
 * lands in {@code target/bench/summary.json} of the working directory, and the chart beside it, and
 * no process the bench started (workers, tools, {@code eventbus local}) outlives it. Timing targets
 * are not asserted here; only that each figure is there and sane.
 */
class BenchCommandIT {
    private static final Path JAR = Path.of("target", "eventbus-bench.jar").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTinyRunMeasuresBothSidesAndWritesEveryFigure(@TempDir Path workingDirectory) throws Exception {
        assertThat(JAR).as("the runnable jar built by mvn package").exists();
        // the client compiler only, here and in every child (--jvm-option): the figures are not the point, and it
        // saves the test a third of its CPU
        Process bench = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-jar",
                JAR.toString(), "--events", "2000", "--round-trips", "50", "--pairs", "1", "--slot-events", "5",
                "--repeat", "1", "--heap", "256m", "--jvm-option=-XX:TieredStopAtLevel=1", "--jvm-option", "-XX:+UseSerialGC")
                .directory(workingDirectory.toFile()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(bench.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        if (!bench.waitFor(420, TimeUnit.SECONDS)) {
            bench.descendants().forEach(ProcessHandle::destroyForcibly);
            bench.destroyForcibly();
            throw new AssertionError("eventbus bench did not finish in 420 s");
        }
        String printed = output.get(10, TimeUnit.SECONDS);
        assertThat(bench.exitValue()).as(printed).isZero();
        // nothing but the bench's own lines: no OpenTelemetry notice that its autoconfiguration is disabled
        assertThat(printed).doesNotContain("AutoConfiguredOpenTelemetrySdk");
        assertThat(printed).contains("measurement").contains("raw Kafka").containsPattern("(met|MISSED)")
                .contains("broker warm-up").contains("pair 1/1 emit").contains("pair 1/1 projections").contains("pair 1/1 eventbus local")
                .contains("pair 1/1 eventbus emit")
                .contains("stall check 1/1").contains("vs plain consumer + Avro").contains("write amplification");

        Path directory = workingDirectory.resolve("target").resolve("bench");
        JsonNode summary = JSON.readTree(directory.resolve("summary.json").toFile());
        assertThat(summary.at("/settings/jvm_options").toString()).isEqualTo("[\"-XX:TieredStopAtLevel=1\",\"-XX:+UseSerialGC\"]");
        for (String figure : List.of("emit_ratio", "consumer_ratio", "consumer_avro_ratio", "e2e_p50_ratio", "e2e_p99_ratio",
                "stall_check_median_efficiency", "projection_events_per_s", "projection_write_amplification", "local_ready_s", "cli_emit_s")) {
            assertThat(summary.path(figure).isNumber()).as(figure).isTrue();
            assertThat(summary.path(figure).asDouble()).as(figure).isPositive();
        }
        assertThat(summary.path("handler_stalls").isIntegralNumber()).as("handler_stalls").isTrue();
        assertThat(summary.path("handler_stalls").asInt()).isBetween(0, 1);
        JsonNode efficiency = summary.path("parallel_efficiency");
        assertThat(efficiency.fieldNames()).toIterable().containsExactly("1", "16", "64", "256");
        efficiency.forEach(value -> assertThat(value.asDouble()).isPositive().isLessThan(1.5));
        for (String side : List.of("ours", "raw")) {
            assertThat(summary.at("/emit/per_pair/0/" + side + "/records_per_s").asDouble()).as(side).isPositive();
            assertThat(summary.at("/consumer/per_pair/0/" + side + "/records").asLong()).as(side).isEqualTo(2000);
        }
        assertThat(summary.at("/consumer/per_pair/0/avro/records").asLong()).isEqualTo(2000);
        assertThat(summary.at("/consumer/avro_records_per_s").asDouble()).isPositive();
        for (String side : List.of("ours_linger_0", "ours_default_linger", "raw")) {
            assertThat(summary.at("/e2e/per_pair/0/" + side + "/round_trips").asInt()).as(side).isEqualTo(50);
        }
        assertThat(summary.at("/e2e/ours_linger_0/linger_ms").asInt()).isZero();
        assertThat(summary.at("/e2e/ours_default_linger/linger_ms").asInt()).isEqualTo(5);
        assertThat(summary.at("/e2e/ours_linger_0/max_ms").asDouble()).isPositive();
        assertThat(summary.at("/e2e/ours_default_linger/p99_ratio").asDouble()).isPositive();
        assertThat(summary.at("/stall_check/runs").size()).isEqualTo(1);
        assertThat(summary.at("/stall_check/events").asInt()).isEqualTo(4000);
        assertThat(summary.at("/stall_check/correlation_ids").asInt()).isEqualTo(500);
        assertThat(summary.at("/projections/per_pair/0/plan_event_count").asLong()).isEqualTo(2000);
        JsonNode writes = summary.at("/projections/per_pair/0/write_amplification");
        assertThat(writes.path("input_bytes").asLong()).isPositive();
        assertThat(writes.path("changelog_bytes").asLong()).isPositive();
        assertThat(writes.path("output_bytes").fieldNames()).toIterable().isNotEmpty()
                .allSatisfy(topic -> assertThat(topic).startsWith("projections."));
        assertThat(summary.at("/local/per_pair/0/ready_s").asDouble()).isPositive();
        assertThat(summary.at("/concurrency/per_pair/0/levels/3/records").asLong()).isEqualTo(5 * 256);
        assertThat(summary.at("/cli_emit/per_pair/0/runs").asInt()).isEqualTo(10);
        assertThat(summary.at("/cli_emit/per_pair/0/p90_s").asDouble()).isPositive();
        assertThat(summary.at("/targets").size()).isEqualTo(14);
        summary.at("/targets").forEach(target -> assertThat(target.path("met").isBoolean()).as(target.toString()).isTrue());
        assertThat(summary.at("/machine/nproc").asInt()).isPositive();
        assertThat(summary.at("/machine/java_version").asText()).isNotBlank();
        assertThat(summary.at("/settings/record/value_bytes").asInt()).isGreaterThan(256);
        assertThat(summary.at("/settings/producer_settings/acks").asText()).isEqualTo("all");
        assertThat(summary.at("/settings/producer_settings/enable.idempotence").asText()).isEqualTo("true");
        if (Files.exists(Path.of("/proc/self/status"))) {
            assertThat(summary.at("/peak_rss_mb/emit/ours").asDouble()).isPositive();
            assertThat(summary.at("/peak_rss_mb/emit/raw").asDouble()).isPositive();
            assertThat(summary.at("/peak_rss_mb/projections/ours").asDouble()).isPositive();
            assertThat(summary.at("/peak_rss_mb/consumer_avro_baseline").asDouble()).isPositive();
            assertThat(summary.at("/peak_rss_mb/local/ours").asDouble()).isPositive();
        }
        Matcher run = Pattern.compile("(bench-[a-z0-9]+) on kafka").matcher(printed);
        assertThat(run.find()).as("the run id in the output").isTrue();
        assertThat(ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().orElse("").contains(run.group(1))))
                .as("processes of run " + run.group(1) + " (workers, tools, eventbus local) left behind").isEmpty();

        Path svg = directory.resolve("summary.svg");
        assertThat(DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile())
                .getDocumentElement().getTagName()).isEqualTo("svg");
    }
}
