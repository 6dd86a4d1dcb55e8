package io.agentevents.bench;

import io.agentevents.bench.KafkaToolOutput.ConsumerPerformanceResult;
import io.agentevents.bench.KafkaToolOutput.ProducerPerformanceResult;
import io.agentevents.bench.Measurements.Latency;
import io.agentevents.bench.Measurements.Throughput;
import io.agentevents.schemas.Domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The raw Kafka side: Apache Kafka's own performance tools ({@code kafka-tools}), each run by its own
 * {@code main} in a child JVM of the same heap as ours, given our record shape and our client
 * settings where the tool takes them, and their printed results parsed by {@link KafkaToolOutput}.
 */
record KafkaTools(BenchSettings settings, BenchCluster cluster, BenchEvents.RecordShape shape, ChildJvm jvm, Duration timeout) {
    /** The consumer settings ours has by default, given to ConsumerPerformance through {@code --command-config}. */
    static final Map<String, String> CONSUMER_SETTINGS = Map.of("isolation.level", "read_committed",
            "max.poll.records", "500");
    /** EndToEndLatency sets {@code linger.ms=0} on its producer, whatever it is given. */
    static final int END_TO_END_LATENCY_LINGER_MS = 0;

    /** {@code ProducerPerformance} on a new topic, with our producer settings and value size, timed after the warm-up. */
    Throughput producerPerformance(String topic, long warmup) throws InterruptedException {
        cluster.createTopics(List.of(topic));
        Path config = propertiesFile(topic, cluster.producerSettings());
        ChildJvm.Result result = run(topic, "org.apache.kafka.tools.ProducerPerformance", List.of("--topic", topic,
                "--num-records", Long.toString(settings.events()), "--warmup-records", Long.toString(warmup),
                "--record-size", Integer.toString(shape.valueBytes()), "--throughput", "-1",
                "--bootstrap-server", cluster.bootstrap(), "--command-config", config.toString()));
        ProducerPerformanceResult steady = KafkaToolOutput.producerPerformanceSteadyState(result.output());
        ProducerPerformanceResult whole = KafkaToolOutput.producerPerformance(result.output());
        return new Throughput(steady.records(), steady.records() / steady.recordsPerSecond(), steady.recordsPerSecond(),
                whole.recordsPerSecond(), result.peakRssMb());
    }

    /** {@code EndToEndLatency} on a new topic, with our key, value and header sizes and {@code acks=all}. */
    Latency endToEndLatency(String topic) throws InterruptedException {
        cluster.createTopics(List.of(topic));
        ChildJvm.Result result = run(topic, "org.apache.kafka.tools.EndToEndLatency", List.of(
                "--bootstrap-server", cluster.bootstrap(), "--topic", topic,
                "--num-records", Integer.toString(settings.roundTrips()), "--producer-acks", "all",
                "--record-size", Integer.toString(shape.valueBytes()), "--record-key-size", Integer.toString(shape.keyBytes()),
                "--num-headers", Integer.toString(shape.headers()),
                "--record-header-key-size", Integer.toString(shape.headerKeyBytes()),
                "--record-header-size", Integer.toString(shape.headerValueBytes())));
        return new Latency(KafkaToolOutput.endToEndLatency(result.output(), settings.roundTrips()),
                END_TO_END_LATENCY_LINGER_MS, result.peakRssMb());
    }

    /** {@code ConsumerPerformance} reading {@code <prefix>.tool} (pre-filled) with a group of its own, our consumer settings. */
    Throughput consumerPerformance(String prefix) throws InterruptedException {
        String topic = Domain.TOOL.topic(prefix);
        Path config = propertiesFile(prefix + "-sub-raw", CONSUMER_SETTINGS);
        ChildJvm.Result result = run(prefix + "-sub-raw", "org.apache.kafka.tools.ConsumerPerformance", List.of(
                "--bootstrap-server", cluster.bootstrap(), "--topic", topic, "--num-records", Long.toString(settings.events()),
                "--group", prefix + "-perf-consumer", "--timeout", "60000", "--command-config", config.toString()));
        ConsumerPerformanceResult parsed = KafkaToolOutput.consumerPerformance(result.output());
        if (parsed.timedOut() || parsed.records() < settings.events()) {
            throw new IllegalStateException("ConsumerPerformance read " + parsed.records() + " of " + settings.events()
                    + " records; its log: " + result.log());
        }
        return new Throughput(parsed.records(), parsed.fetchMs() / 1000.0, parsed.fetchRecordsPerSecond(),
                parsed.recordsPerSecond(), result.peakRssMb());
    }

    private ChildJvm.Result run(String name, String mainClass, List<String> arguments) throws InterruptedException {
        ChildJvm.Result result = jvm.run(name, List.of(), mainClass, arguments, timeout);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(mainClass.substring(mainClass.lastIndexOf('.') + 1) + " failed (exit "
                    + result.exitCode() + "); its log: " + result.log());
        }
        return result;
    }

    private Path propertiesFile(String name, Map<String, String> properties) {
        Path file = settings.outDirectory().resolve("logs").resolve(name + ".properties");
        StringBuilder text = new StringBuilder();
        new TreeMap<>(properties).forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file.toAbsolutePath();
    }
}
