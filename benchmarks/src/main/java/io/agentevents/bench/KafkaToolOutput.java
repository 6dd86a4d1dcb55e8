package io.agentevents.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what Kafka's own performance tools (kafka-tools 4.3) print to standard output. Each parser
 * looks for its result line among any other lines (progress, warnings, log lines that reached
 * standard output), accepts a decimal comma as well as a point (the tools format with the default
 * locale), and fails with the output it was given when the result is not there.
 */
final class KafkaToolOutput {
    private static final String NUMBER = "(-?\\d+(?:[.,]\\d+)?)";
    private static final String INTEGER = "(-?\\d+)";

    /**
     * {@code ProducerPerformance}'s total line, e.g. {@code 20000 records sent, 7183.908046 records/sec
     * (2.88 MB/sec), 598.93 ms avg latency, 1313.00 ms max latency, 671 ms 50th, 851 ms 95th, 886 ms
     * 99th, 903 ms 99.9th.} (progress lines have no percentiles; {@code steady state} may follow the count).
     */
    private static final Pattern PRODUCER_TOTAL = Pattern.compile(INTEGER + "(?: steady state)? records sent, " + NUMBER
            + " records/sec \\(" + NUMBER + " MB/sec\\), " + NUMBER + " ms avg latency, " + NUMBER + " ms max latency, "
            + INTEGER + " ms 50th, " + INTEGER + " ms 95th, " + INTEGER + " ms 99th, " + INTEGER + " ms 99\\.9th\\.?");

    /** {@code EndToEndLatency}'s summary: {@code Avg latency: 4.8894 ms} and {@code Percentiles: 50th = 2, 99th = 29, 99.9th = 227}. */
    private static final Pattern E2E_AVERAGE = Pattern.compile("Avg latency: " + NUMBER + " ms");
    private static final Pattern E2E_PERCENTILES = Pattern.compile(
            "Percentiles: 50th = " + INTEGER + ", 99th = " + INTEGER + ", 99\\.9th = " + INTEGER);

    /** {@code ConsumerPerformance}'s header; its result line has the same comma-and-space separated fields. */
    private static final String CONSUMER_HEADER_START = "start.time, end.time,";
    private static final String CONSUMER_TIMEOUT = "WARNING: Exiting before consuming the expected number of records";

    private KafkaToolOutput() {
    }

    /** The total of a {@code ProducerPerformance} run (not a steady-state repeat of it). */
    record ProducerPerformanceResult(long records, double recordsPerSecond, double mbPerSecond, double avgLatencyMs,
                                     double maxLatencyMs, int p50Ms, int p95Ms, int p99Ms, int p999Ms) {
    }

    /**
     * A {@code ConsumerPerformance} run: totals over the whole run (group join included) and over the
     * fetch phase only ({@code fetch.*}: the run minus the rebalance time).
     */
    record ConsumerPerformanceResult(long records, double mbConsumed, double recordsPerSecond, double mbPerSecond,
                                     long rebalanceMs, long fetchMs, double fetchRecordsPerSecond, double fetchMbPerSecond,
                                     boolean timedOut) {
    }

    /** The total over the whole run, warm-up included. */
    static ProducerPerformanceResult producerPerformance(List<String> lines) {
        return producerTotal(lines, false);
    }

    /** The total after the warm-up ({@code --warmup-records}): the line {@code N steady state records sent, ...}. */
    static ProducerPerformanceResult producerPerformanceSteadyState(List<String> lines) {
        return producerTotal(lines, true);
    }

    private static ProducerPerformanceResult producerTotal(List<String> lines, boolean steadyState) {
        for (String line : lines) {
            Matcher m = PRODUCER_TOTAL.matcher(line.trim());
            if (m.matches() && line.contains(" steady state records sent") == steadyState) {
                return new ProducerPerformanceResult(Long.parseLong(m.group(1)), number(m.group(2)), number(m.group(3)),
                        number(m.group(4)), number(m.group(5)), Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)),
                        Integer.parseInt(m.group(8)), Integer.parseInt(m.group(9)));
            }
        }
        throw notFound("ProducerPerformance", steadyState ? "a steady-state total line ('N steady state records sent, ...')"
                : "a total line ('N records sent, ... ms 99.9th.')", lines);
    }

    static ConsumerPerformanceResult consumerPerformance(List<String> lines) {
        boolean timedOut = lines.stream().anyMatch(line -> line.startsWith(CONSUMER_TIMEOUT));
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith(CONSUMER_HEADER_START)) {
                continue;
            }
            List<String> names = fields(lines.get(i));
            for (int j = i + 1; j < lines.size(); j++) {
                List<String> values = fields(lines.get(j));
                if (values.size() != names.size() || lines.get(j).startsWith(CONSUMER_HEADER_START)) {
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int k = 0; k < names.size(); k++) {
                    row.put(names.get(k), values.get(k));
                }
                try {
                    return new ConsumerPerformanceResult(Long.parseLong(row.get("data.consumed.in.nMsg")),
                            number(row.get("data.consumed.in.MB")), number(row.get("nMsg.sec")), number(row.get("MB.sec")),
                            Long.parseLong(row.get("rebalance.time.ms")), Long.parseLong(row.get("fetch.time.ms")),
                            number(row.get("fetch.nMsg.sec")), number(row.get("fetch.MB.sec")), timedOut);
                } catch (NumberFormatException | NullPointerException e) {
                    // not the result row (a column is missing or not a number): look further
                }
            }
        }
        throw notFound("ConsumerPerformance", "the header 'start.time, end.time, ...' and its result line", lines);
    }

    /** An {@code EndToEndLatency} run of {@code roundTrips}; percentiles in whole milliseconds, as the tool truncates them. */
    static LatencyStats endToEndLatency(List<String> lines, int roundTrips) {
        Double average = null;
        for (String line : lines) {
            Matcher avg = E2E_AVERAGE.matcher(line.trim());
            if (avg.matches()) {
                average = number(avg.group(1));
                continue;
            }
            Matcher percentiles = E2E_PERCENTILES.matcher(line.trim());
            if (percentiles.matches() && average != null) {
                return LatencyStats.printed(roundTrips, average, Integer.parseInt(percentiles.group(1)),
                        Integer.parseInt(percentiles.group(2)), Integer.parseInt(percentiles.group(3)));
            }
        }
        throw notFound("EndToEndLatency", "'Avg latency: ... ms' followed by 'Percentiles: 50th = ...'", lines);
    }

    /** The fields of a ConsumerPerformance line: separated by a comma and a space (a decimal comma has none after it). */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        for (String field : line.split(", ")) {
            fields.add(field.trim());
        }
        return fields;
    }

    private static double number(String text) {
        if (text == null) {
            throw new NumberFormatException("missing");
        }
        return Double.parseDouble(text.trim().replace(',', '.'));
    }

    private static IllegalArgumentException notFound(String tool, String what, List<String> lines) {
        int from = Math.max(0, lines.size() - 10);
        return new IllegalArgumentException(String.format(Locale.ROOT, "%s printed no result: expected %s; its last lines: %s",
                tool, what, lines.subList(from, lines.size())));
    }
}
