package io.agentevents.bench;

import io.agentevents.bench.KafkaToolOutput.ConsumerPerformanceResult;
import io.agentevents.bench.KafkaToolOutput.ProducerPerformanceResult;
import io.agentevents.bench.Measurements.Latency;
import io.agentevents.bench.Measurements.Throughput;
import io.agentevents.schemas.Domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
        ChildJvm.Result result = run(topic, "org.apache.kafka.tools.ProducerPerformance", List.of("--topic", topic,
                "--num-records", Long.toString(settings.events()), "--warmup-records", Long.toString(warmup),
                "--record-size", Integer.toString(shape.valueBytes()), "--throughput", "-1",
                "--bootstrap-server", cluster.bootstrap()), cluster.producerSettings());
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
                "--record-header-size", Integer.toString(shape.headerValueBytes())), Map.of());
        return new Latency(KafkaToolOutput.endToEndLatency(result.output(), settings.roundTrips()),
                END_TO_END_LATENCY_LINGER_MS, result.peakRssMb());
    }

    /** {@code ConsumerPerformance} reading {@code <prefix>.tool} (pre-filled) with a group of its own, our consumer settings. */
    Throughput consumerPerformance(String prefix) throws InterruptedException {
        String topic = Domain.TOOL.topic(prefix);
        ChildJvm.Result result = run(prefix + "-sub-raw", "org.apache.kafka.tools.ConsumerPerformance", List.of(
                "--bootstrap-server", cluster.bootstrap(), "--topic", topic, "--num-records", Long.toString(settings.events()),
                "--group", prefix + "-perf-consumer", "--timeout", "60000"), CONSUMER_SETTINGS);
        ConsumerPerformanceResult parsed = KafkaToolOutput.consumerPerformance(result.output());
        if (parsed.timedOut() || parsed.records() < settings.events()) {
            throw new IllegalStateException("ConsumerPerformance read " + parsed.records() + " of " + settings.events()
                    + " records; its log: " + result.log());
        }
        return new Throughput(parsed.records(), parsed.fetchMs() / 1000.0, parsed.fetchRecordsPerSecond(),
                parsed.recordsPerSecond(), result.peakRssMb());
    }

    /**
     * Runs a tool with {@code --command-config} holding {@code toolSettings}, kept in the logs as
     * {@code <name>.properties}, and the cluster's logins: those go into an owner-only file of their
     * own that is deleted when the tool ends, never into the logs.
     */
    private ChildJvm.Result run(String name, String mainClass, List<String> arguments, Map<String, String> toolSettings)
            throws InterruptedException {
        Path kept = propertiesFile(settings.outDirectory().resolve("logs").resolve(name + ".properties"), toolSettings);
        Map<String, String> logins = cluster.connection().kafkaSecurity();
        Path config = kept;
        if (!logins.isEmpty()) {
            Map<String, String> all = new TreeMap<>(toolSettings);
            all.putAll(logins);
            try {
                config = propertiesFile(Files.createTempFile(name + "-", ".properties",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))), all);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the client settings of " + name + ": " + e.getMessage(), e);
            }
        }
        List<String> withConfig = new ArrayList<>(arguments);
        withConfig.addAll(List.of("--command-config", config.toString()));
        ChildJvm.Result result;
        try {
            result = jvm.run(name, List.of(), mainClass, withConfig, timeout);
        } finally {
            if (!config.equals(kept)) {
                config.toFile().delete();
            }
        }
        if (result.exitCode() != 0) {
            throw new IllegalStateException(mainClass.substring(mainClass.lastIndexOf('.') + 1) + " failed (exit "
                    + result.exitCode() + "); its log: " + result.log());
        }
        return result;
    }

    private static Path propertiesFile(Path file, Map<String, String> properties) {
        Properties text = new Properties();
        text.putAll(properties);
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                text.store(out, "client settings of a Kafka tool run by eventbus bench");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file.toAbsolutePath();
    }
}
