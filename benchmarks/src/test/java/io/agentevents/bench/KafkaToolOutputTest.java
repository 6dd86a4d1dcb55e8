package io.agentevents.bench;

import io.agentevents.bench.KafkaToolOutput.ConsumerPerformanceResult;
import io.agentevents.bench.KafkaToolOutput.ProducerPerformanceResult;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The parsers of Kafka's tool output, on lines printed by kafka-tools 4.3.1 against the embedded broker. */
class KafkaToolOutputTest {
    private static final String CONSUMER_HEADER = "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, "
            + "nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";

    /** What a tool printed (in a locale with a decimal point or a decimal comma), its parser and what it reads. */
    private record Printed<T>(String name, Function<List<String>, T> parser, List<String> output, T expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Printed<?>> printedResults() {
        List<Printed<?>> printed = new ArrayList<>(producerTotals());
        printed.addAll(consumerResults());
        return printed;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("printedResults")
    void theResultLineIsFoundAndRead(Printed<?> printed) {
        assertThat(printed.parser().apply(printed.output())).isEqualTo(printed.expected());
    }

    /** ProducerPerformance's total line is found among the other lines it prints. */
    private static List<Printed<ProducerPerformanceResult>> producerTotals() {
        return List.of(new Printed<>("ProducerPerformance, decimal point, among progress lines", KafkaToolOutput::producerPerformance,
                List.of(
                        "1 records sent, 0.9 records/sec (0.00 MB/sec), 1092.0 ms avg latency, 1092.0 ms max latency.",
                        "1047 records sent, 1040.8 records/sec (0.10 MB/sec), 32.3 ms avg latency, 103.0 ms max latency.",
                        "1500 records sent, 492.287496 records/sec (0.05 MB/sec), 25.52 ms avg latency, 1092.00 ms max latency, "
                                + "13 ms 50th, 93 ms 95th, 97 ms 99th, 103 ms 99.9th."),
                        new ProducerPerformanceResult(1500, 492.287496, 0.05, 25.52, 1092.0, 13, 93, 97, 103)),
                new Printed<>("ProducerPerformance, decimal comma, after a deprecation warning", KafkaToolOutput::producerPerformance,
                List.of(
                        "Option --producer-props has been deprecated and will be removed in a future version. Use --command-property instead.",
                        "2000 records sent, 1144,819691 records/sec (0,11 MB/sec), 296,14 ms avg latency, 1595,00 ms max latency, "
                                + "329 ms 50th, 449 ms 95th, 476 ms 99th, 477 ms 99.9th."),
                        new ProducerPerformanceResult(2000, 1144.819691, 0.11, 296.14, 1595.0, 329, 449, 476, 477)));
    }

    @Test
    void producerPerformanceWholeRunAndSteadyStateAreTold() {
        List<String> output = List.of(
                "Warmup first 1000 records. Steady state results will print after the complete test summary.",
                "3000 records sent, 497.182632 records/sec (0.05 MB/sec), 24.22 ms avg latency, 1074.00 ms max latency, "
                        + "7 ms 50th, 84 ms 95th, 106 ms 99th, 125 ms 99.9th.",
                "2000 steady state records sent, 494.071146 records/sec (0.05 MB/sec), 10.54 ms avg latency, 94.00 ms max "
                        + "latency, 6 ms 50th, 41 ms 95th, 78 ms 99th, 92 ms 99.9th.");

        assertThat(KafkaToolOutput.producerPerformance(output).records()).isEqualTo(3000);
        ProducerPerformanceResult steady = KafkaToolOutput.producerPerformanceSteadyState(output);
        assertThat(steady.records()).isEqualTo(2000);
        assertThat(steady.recordsPerSecond()).isCloseTo(494.071146, within(1e-9));
        assertThat(steady.p99Ms()).isEqualTo(78);
    }

    /** ConsumerPerformance's result line is read by its header. */
    private static List<Printed<ConsumerPerformanceResult>> consumerResults() {
        return List.of(new Printed<>("ConsumerPerformance, decimal point, after a log line", KafkaToolOutput::consumerPerformance,
                List.of(
                        "10:00:00.000 WARN  some log line that reached standard output", CONSUMER_HEADER,
                        "2026-11-29 00:25:59:060, 2026-11-29 00:26:02:578, 16.0217, 4.5542, 40000, 11370.0966, 1775, 1743, 9.1920, "
                                + "22948.9386"),
                        new ConsumerPerformanceResult(40000, 16.0217, 11370.0966, 4.5542, 1775, 1743, 22948.9386, 9.1920, false)),
                new Printed<>("ConsumerPerformance, decimal comma", KafkaToolOutput::consumerPerformance, List.of(CONSUMER_HEADER,
                        "2026-11-29 00:26:30:605, 2026-11-29 00:26:32:071, 0,8011, 0,5464, 2000, 1364,2565, 1174, 292, 2,7434, "
                                + "6849,3151"),
                        new ConsumerPerformanceResult(2000, 0.8011, 1364.2565, 0.5464, 1174, 292, 6849.3151, 2.7434, false)));
    }

    @Test
    void consumerPerformanceTimeoutWarningIsReported() {
        List<String> output = List.of(
                CONSUMER_HEADER,
                "WARNING: Exiting before consuming the expected number of records: timeout (2000 ms) exceeded. You can use "
                        + "the --timeout option to increase the timeout.",
                "2026-11-29 00:26:04:770, 2026-11-29 00:26:09:543, 16.0217, 3.3567, 40000, 8380.4735, 1315, 3458, 4.6332, 11567.3800");

        ConsumerPerformanceResult result = KafkaToolOutput.consumerPerformance(output);

        assertThat(result.timedOut()).isTrue();
        assertThat(result.records()).isEqualTo(40000);
    }

    @Test
    void endToEndLatencySummaryIsFoundAfterTheProgressLines() {
        List<String> output = List.of("0\t243.200163", "1000\t2.939871", "Avg latency: 4.8894 ms",
                "Percentiles: 50th = 2, 99th = 29, 99.9th = 227");

        LatencyStats result = KafkaToolOutput.endToEndLatency(output, 1000);

        assertThat(result.avgMs()).isCloseTo(4.8894, within(1e-9));
        assertThat(List.of(result.p50Ms(), result.p99Ms(), result.p999Ms())).containsExactly(2, 29, 227);
        assertThat(result.roundTrips()).isEqualTo(1000);
        assertThat(result.maxMs()).isNull();
    }

    @Test
    void endToEndLatencyInALocaleWithADecimalComma() {
        List<String> output = List.of("0\t446.538908", "Avg latency: 43,4883 ms", "Percentiles: 50th = 22, 99th = 446, 99.9th = 446");

        assertThat(KafkaToolOutput.endToEndLatency(output, 1000).avgMs()).isCloseTo(43.4883, within(1e-9));
    }

    @Test
    void outputWithoutAResultIsAnErrorQuotingTheLastLines() {
        List<String> output = List.of("Exception in thread \"main\" org.apache.kafka.common.errors.TimeoutException: boom");

        assertThatThrownBy(() -> KafkaToolOutput.producerPerformance(output))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ProducerPerformance").hasMessageContaining("boom");
        assertThatThrownBy(() -> KafkaToolOutput.producerPerformanceSteadyState(List.of("1500 records sent, 492.287496 "
                + "records/sec (0.05 MB/sec), 25.52 ms avg latency, 1092.00 ms max latency, 13 ms 50th, 93 ms 95th, 97 ms 99th, "
                + "103 ms 99.9th."))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steady state");
        assertThatThrownBy(() -> KafkaToolOutput.consumerPerformance(output))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ConsumerPerformance");
        assertThatThrownBy(() -> KafkaToolOutput.endToEndLatency(List.of("0\t12.5"), 1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EndToEndLatency");
    }
}
