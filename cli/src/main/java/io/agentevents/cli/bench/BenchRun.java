package io.agentevents.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentevents.cli.bench.KafkaToolOutput.ConsumerPerformanceResult;
import io.agentevents.cli.bench.KafkaToolOutput.EndToEndLatencyResult;
import io.agentevents.cli.bench.KafkaToolOutput.ProducerPerformanceResult;
import io.agentevents.cli.bench.Measurements.Concurrency;
import io.agentevents.cli.bench.Measurements.Latency;
import io.agentevents.cli.bench.Measurements.Level;
import io.agentevents.cli.bench.Measurements.Pair;
import io.agentevents.cli.bench.Measurements.Projection;
import io.agentevents.cli.bench.Measurements.Throughput;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.topics.TopicLayout;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * One benchmark run against one cluster: for each pair, each measurement runs our side, then Kafka's
 * tool, each in a child JVM of the same heap, each on topics of its own with the same partitions
 * (the subscriber comparison reads one pre-filled topic with two groups). The slow-handler sweep runs
 * in every pair; the projections, which have no raw side to alternate with, in the first only.
 * Prints a progress line per measurement.
 */
final class BenchRun {
    private static final Duration CHILD_TIMEOUT = Duration.ofMinutes(10);
    private static final long ADMIN_TIMEOUT_SECONDS = 60;
    /** Producer settings that are the client's identity or its serializers, not its behaviour. */
    private static final Set<String> NOT_COMPARED = Set.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ProducerConfig.CLIENT_ID_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG);
    private static final Map<String, String> CONSUMER_SETTINGS = Map.of("isolation.level", "read_committed",
            "max.poll.records", "500");

    private final BenchSettings settings;
    private final String bootstrap;
    private final String registry;
    private final String run;
    private final PrintWriter out;
    private final ChildJvm jvm;
    private final BenchEvents events;
    private final BenchEvents.RecordShape shape;
    private final long started = System.nanoTime();

    BenchRun(BenchSettings settings, String bootstrap, String registry, String run, PrintWriter out) {
        this.settings = settings;
        this.bootstrap = bootstrap;
        this.registry = registry;
        this.run = run;
        this.out = out;
        this.jvm = new ChildJvm(settings.heap(), List.of(), settings.outDirectory().resolve("logs"));
        this.events = new BenchEvents(run, settings.detailsBytes());
        this.shape = events.recordShape();
    }

    BenchEvents.RecordShape recordShape() {
        return shape;
    }

    /** The producer settings both emit sides use: what {@link KafkaEventBusConfig#producerProperties()} makes. */
    Map<String, String> producerSettings() {
        Map<String, String> compared = new TreeMap<>();
        busConfig("settings", false).producerProperties().forEach((name, value) -> {
            if (!NOT_COMPARED.contains(name)) {
                compared.put(name, String.valueOf(value));
            }
        });
        return compared;
    }

    List<Pair> execute() throws InterruptedException {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 1; i <= settings.pairs(); i++) {
            pairs.add(pair(i));
        }
        return pairs;
    }

    private Pair pair(int index) throws InterruptedException {
        String prefix = run + "-p" + index;
        Throughput emitOurs = null;
        Throughput emitRaw = null;
        if (settings.measures("emit")) {
            emitOurs = emitOurs(prefix + "-emit");
            emitRaw = emitRaw(prefix + "-emit-raw");
            progress(index, "emit", rate(emitOurs), rate(emitRaw));
        }
        Latency e2eOurs = null;
        Latency e2eRaw = null;
        if (settings.measures("e2e")) {
            e2eOurs = endToEndOurs(prefix + "-e2e");
            e2eRaw = endToEndRaw(prefix + "-e2e-raw");
            progress(index, "e2e", latency(e2eOurs), latency(e2eRaw));
        }
        Throughput consumerOurs = null;
        Throughput consumerRaw = null;
        if (settings.measures("consumer")) {
            String filled = prefix + "-emit";
            if (emitOurs == null) {
                filled = prefix + "-fill";
                fill(filled, settings.events());
            }
            consumerOurs = consumerOurs(filled);
            consumerRaw = consumerRaw(filled);
            progress(index, "subscriber", rate(consumerOurs), rate(consumerRaw));
        }
        Concurrency concurrency = null;
        if (settings.measures("concurrency")) {
            concurrency = concurrency(prefix + "-slow");
            progress(index, "10 ms handlers", concurrency.levels().stream().map(level -> String.format(Locale.ROOT,
                    "c=%d %.0f%%", level.concurrency(), level.efficiency() * 100)).collect(Collectors.joining(", "))
                    + peak(concurrency.peakRssMb()), "(ideal: events x 10 ms / concurrency)");
        }
        Projection projection = null;
        if (settings.measures("projections") && index == 1) { // no raw side to alternate with: once per run
            projection = projections(prefix + "-proj");
            progress(index, "projections", String.format(Locale.ROOT, "%,.0f events/s, caught up in %.1f s (%d of %d events in plans)",
                    projection.eventsPerSecond(), projection.catchUpSeconds(), projection.planEventCount(), projection.events())
                    + peak(projection.peakRssMb()), "");
        }
        return new Pair(index, emitOurs, emitRaw, e2eOurs, e2eRaw, consumerOurs, consumerRaw, concurrency, projection);
    }

    private Throughput emitOurs(String prefix) throws InterruptedException {
        createTopics(List.of(Domain.TOOL.topic(prefix)));
        Ours result = ours(prefix, "emit", Map.of("events", settings.events(), "warmup", warmup()));
        return new Throughput(result.path("records").asLong(), result.path("seconds").asDouble(),
                result.path("records_per_s").asDouble(), result.path("records_per_s_whole_run").asDouble(),
                result.peakRssMb());
    }

    private Throughput emitRaw(String topic) throws InterruptedException {
        createTopics(List.of(topic));
        Path config = propertiesFile(topic, producerSettings());
        ChildJvm.Result result = raw(topic, "org.apache.kafka.tools.ProducerPerformance", List.of("--topic", topic,
                "--num-records", Long.toString(settings.events()), "--warmup-records", Long.toString(warmup()),
                "--record-size", Integer.toString(shape.valueBytes()), "--throughput", "-1", "--bootstrap-server", bootstrap,
                "--command-config", config.toString()));
        ProducerPerformanceResult steady = KafkaToolOutput.producerPerformanceSteadyState(result.output());
        ProducerPerformanceResult whole = KafkaToolOutput.producerPerformance(result.output());
        return new Throughput(steady.records(), steady.records() / steady.recordsPerSecond(), steady.recordsPerSecond(),
                whole.recordsPerSecond(), result.peakRssMb());
    }

    private Latency endToEndOurs(String prefix) throws InterruptedException {
        createTopics(List.of(Domain.TOOL.topic(prefix)));
        Ours result = ours(prefix, "e2e", Map.of("roundTrips", settings.roundTrips()));
        return new Latency(result.path("round_trips").asInt(), result.path("avg_ms").asDouble(), result.path("p50_ms").asInt(),
                result.path("p99_ms").asInt(), result.path("p999_ms").asInt(), result.path("max_ms").asDouble(),
                result.peakRssMb());
    }

    private Latency endToEndRaw(String topic) throws InterruptedException {
        createTopics(List.of(topic));
        ChildJvm.Result result = raw(topic, "org.apache.kafka.tools.EndToEndLatency", List.of("--bootstrap-server", bootstrap,
                "--topic", topic, "--num-records", Integer.toString(settings.roundTrips()), "--producer-acks", "all",
                "--record-size", Integer.toString(shape.valueBytes()), "--record-key-size", Integer.toString(shape.keyBytes()),
                "--num-headers", Integer.toString(shape.headers()),
                "--record-header-key-size", Integer.toString(shape.headerKeyBytes()),
                "--record-header-size", Integer.toString(shape.headerValueBytes())));
        EndToEndLatencyResult parsed = KafkaToolOutput.endToEndLatency(result.output());
        return new Latency(settings.roundTrips(), parsed.avgMs(), parsed.p50Ms(), parsed.p99Ms(), parsed.p999Ms(), null,
                result.peakRssMb());
    }

    private Throughput consumerOurs(String prefix) throws InterruptedException {
        Ours result = ours(prefix + "-sub", "subscribe", Map.of("prefix", prefix, "events", settings.events(),
                "concurrency", 1, "handlerMs", 0));
        JsonNode level = result.path("levels").path(0);
        return new Throughput(level.path("records").asLong(), level.path("seconds").asDouble(),
                level.path("records_per_s").asDouble(), level.path("records_per_s_with_start").asDouble(), result.peakRssMb());
    }

    private Throughput consumerRaw(String prefix) throws InterruptedException {
        String topic = Domain.TOOL.topic(prefix);
        Path config = propertiesFile(prefix + "-sub-raw", CONSUMER_SETTINGS);
        ChildJvm.Result result = raw(prefix + "-sub-raw", "org.apache.kafka.tools.ConsumerPerformance", List.of(
                "--bootstrap-server", bootstrap, "--topic", topic, "--num-records", Long.toString(settings.events()),
                "--group", prefix + "-perf-consumer", "--timeout", "60000", "--command-config", config.toString()));
        ConsumerPerformanceResult parsed = KafkaToolOutput.consumerPerformance(result.output());
        if (parsed.timedOut() || parsed.records() < settings.events()) {
            throw new IllegalStateException("ConsumerPerformance read " + parsed.records() + " of " + settings.events()
                    + " records; its log: " + result.log());
        }
        return new Throughput(parsed.records(), parsed.fetchMs() / 1000.0, parsed.fetchRecordsPerSecond(),
                parsed.recordsPerSecond(), result.peakRssMb());
    }

    private Concurrency concurrency(String prefix) throws InterruptedException {
        fill(prefix, (long) settings.slotEvents() * settings.maxLevel());
        Ours result = ours(prefix + "-sub", "subscribe", Map.of("prefix", prefix, "slotEvents", settings.slotEvents(),
                "concurrency", settings.levels().stream().map(String::valueOf).collect(Collectors.joining(",")),
                "handlerMs", settings.handlerMs()));
        List<Level> levels = new ArrayList<>();
        for (JsonNode level : result.path("levels")) {
            levels.add(new Level(level.path("concurrency").asInt(), level.path("handler_ms").asInt(),
                    level.path("records").asLong(), level.path("seconds").asDouble()));
        }
        return new Concurrency(levels, result.peakRssMb());
    }

    private Projection projections(String prefix) throws InterruptedException {
        try (KafkaEventBus bus = KafkaEventBus.start(busConfig(prefix, true))) {
            for (long i = 0; i < settings.events(); i++) {
                bus.emit(events.backlogEvent(prefix, i, settings.events()));
            }
            bus.flush();
        }
        Ours result = ours(prefix, "projections", Map.of("appId", prefix + "-app", "events", settings.events()));
        return new Projection(result.path("events").asLong(), result.path("events_per_s").asDouble(),
                result.path("startup_s").asDouble(), result.path("catch_up_s").asDouble(),
                result.path("plan_event_count").asLong(), result.peakRssMb());
    }

    /** Emit records not timed on either side (JIT, metadata, registry look-ups): a fifth of the run. */
    private long warmup() {
        return settings.events() / 5;
    }

    /** Fills {@code <prefix>.tool} with {@code count} throughput events, keyed over 1,024 correlation ids. */
    private void fill(String prefix, long count) {
        createTopics(List.of(Domain.TOOL.topic(prefix)));
        try (KafkaEventBus bus = KafkaEventBus.start(busConfig(prefix, false))) {
            for (long i = 0; i < count; i++) {
                bus.emit(events.throughputEvent(i));
            }
            bus.flush();
        }
    }

    private KafkaEventBusConfig busConfig(String prefix, boolean provision) {
        TopicLayout layout = new TopicLayout(prefix, settings.partitions(), settings.replication(),
                Math.min(2, settings.replication()));
        return KafkaEventBusConfig.local(bootstrap, registry).withTopics(layout).withProvision(provision)
                .withClientId("bench-fill-" + prefix);
    }

    /** What our side's worker printed, and its peak memory. */
    private record Ours(JsonNode json, Double peakRssMb) {
        JsonNode path(String field) {
            return json.path(field);
        }
    }

    /** Runs our side's worker. */
    private Ours ours(String name, String mode, Map<String, Object> arguments) throws InterruptedException {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("bootstrap", bootstrap);
        all.put("registry", registry);
        all.put("prefix", name);
        all.put("partitions", settings.partitions());
        all.put("details", settings.detailsBytes());
        all.putAll(arguments);
        List<String> options = settings.jfr() ? List.of("-XX:StartFlightRecording=filename="
                + settings.outDirectory().resolve("jfr").resolve(name + ".jfr").toAbsolutePath() + ",settings=profile")
                : List.of();
        if (settings.jfr()) {
            try {
                Files.createDirectories(settings.outDirectory().resolve("jfr"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + settings.outDirectory().resolve("jfr"), e);
            }
        }
        List<String> argv = new ArrayList<>(List.of(mode));
        argv.addAll(BenchWorker.arguments(all));
        ChildJvm.Result result = jvm.run(name + "-ours", options, BenchWorker.MAIN, argv, CHILD_TIMEOUT);
        return new Ours(BenchWorker.parseResult(result), result.peakRssMb());
    }

    private ChildJvm.Result raw(String name, String mainClass, List<String> arguments) throws InterruptedException {
        ChildJvm.Result result = jvm.run(name, List.of(), mainClass, arguments, CHILD_TIMEOUT);
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

    private void createTopics(List<String> topics) {
        List<NewTopic> newTopics = topics.stream().map(topic -> new NewTopic(topic, settings.partitions(), settings.replication())
                .configs(Map.of("min.insync.replicas", Integer.toString(Math.min(2, settings.replication()))))).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(newTopics).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create " + topics + " on " + bootstrap + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + topics, e);
        }
    }

    /** Deletes every topic of this run (on a cluster the bench did not start). */
    void deleteTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Set<String> ours = admin.listTopics().names().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
                    .filter(topic -> topic.startsWith(run + "-")).collect(Collectors.toSet());
            if (!ours.isEmpty()) {
                admin.deleteTopics(ours).all().get(ADMIN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            out.printf("deleted the %d topics of %s%n", ours.size(), run);
        } catch (ExecutionException | TimeoutException e) {
            out.printf("could not delete the topics of %s: %s%n", run, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
    }

    private void progress(int pair, String measurement, String ours, String raw) {
        out.printf("[%5.1fs] pair %d/%d %-15s ours %s%s%n", (System.nanoTime() - started) / 1e9, pair, settings.pairs(),
                measurement, ours, raw.isEmpty() ? "" : " | raw Kafka " + raw);
        out.flush();
    }

    private static String rate(Throughput throughput) {
        return String.format(Locale.ROOT, "%,.0f records/s", throughput.recordsPerSecond()) + peak(throughput.peakRssMb());
    }

    private static String latency(Latency latency) {
        return String.format(Locale.ROOT, "p50 %d ms, p99 %d ms", latency.p50Ms(), latency.p99Ms()) + peak(latency.peakRssMb());
    }

    private static String peak(Double mb) {
        return mb == null ? "" : String.format(Locale.ROOT, " (peak %.0f MB)", mb);
    }

    static String newRunId() {
        return "bench-" + DomainEvent.newId().substring(20).toLowerCase(Locale.ROOT);
    }
}
