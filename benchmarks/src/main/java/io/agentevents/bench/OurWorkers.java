package io.agentevents.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.agentevents.bench.Measurements.Codec;
import io.agentevents.bench.Measurements.Concurrency;
import io.agentevents.bench.Measurements.Latency;
import io.agentevents.bench.Measurements.Level;
import io.agentevents.bench.Measurements.Projection;
import io.agentevents.bench.Measurements.StallRun;
import io.agentevents.bench.Measurements.Throughput;
import io.agentevents.bench.Measurements.WriteAmplification;
import io.agentevents.schemas.Domain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Our side: each measurement is a {@link BenchWorker} in a child JVM of the same heap as the raw
 * side's, on topics the bench made (or filled) beforehand, its one result line parsed here.
 * Also runs the plain consumer + Avro baseline, which is a worker mode too (it is not ours, but it
 * is no Kafka tool either).
 */
record OurWorkers(BenchSettings settings, BenchCluster cluster, ChildJvm jvm, Duration timeout) {
    /** What a worker printed, and its peak memory. */
    private record Ours(JsonNode json, Double peakRssMb) {
        JsonNode path(String field) {
            return json.path(field);
        }
    }

    /** {@code KafkaEventBus} emits {@code events} into a new {@code <prefix>.tool}, timed after {@code warmup}. */
    Throughput emit(String prefix, long warmup) throws InterruptedException {
        cluster.createTopics(List.of(Domain.TOOL.topic(prefix)));
        Ours result = run(prefix, "emit", Map.of("events", settings.events(), "warmup", warmup));
        return new Throughput(result.path("records").asLong(), result.path("seconds").asDouble(),
                result.path("records_per_s").asDouble(), result.path("records_per_s_whole_run").asDouble(),
                result.peakRssMb());
    }

    /**
     * {@code KafkaEventBus} emits {@code events} into a new {@code <prefix>.tool} with the producer's
     * {@code compression.type} set to {@code type} (the rest of its settings its defaults), timed
     * after {@code warmup}; then the topic's size on the broker.
     */
    Codec codec(String prefix, String type, long warmup) throws InterruptedException {
        cluster.createTopics(List.of(Domain.TOOL.topic(prefix)));
        Ours result = run(prefix, "emit", Map.of("events", settings.events(), "warmup", warmup, "compression", type));
        Throughput emit = new Throughput(result.path("records").asLong(), result.path("seconds").asDouble(),
                result.path("records_per_s").asDouble(), result.path("records_per_s_whole_run").asDouble(),
                result.peakRssMb());
        return new Codec(type, emit, settings.events(), cluster.sizeOnBroker(List.of(Domain.TOOL.topic(prefix))));
    }

    /** Emit-to-handler round trips on a new topic; {@code lingerMs} null: the bus's default {@code linger.ms}. */
    Latency endToEnd(String prefix, Integer lingerMs) throws InterruptedException {
        cluster.createTopics(List.of(Domain.TOOL.topic(prefix)));
        Map<String, Object> arguments = new LinkedHashMap<>();
        arguments.put("roundTrips", settings.roundTrips());
        if (lingerMs != null) {
            arguments.put("lingerMs", lingerMs);
        }
        Ours result = run(prefix, "e2e", arguments);
        LatencyStats stats = new LatencyStats(result.path("round_trips").asInt(), result.path("avg_ms").asDouble(),
                result.path("p50_ms").asInt(), result.path("p99_ms").asInt(), result.path("p999_ms").asInt(),
                result.path("max_ms").asDouble());
        return new Latency(stats, lingerMs == null ? cluster.defaultLingerMs() : lingerMs, result.peakRssMb());
    }

    /** {@code EventSubscriber} with a no-op handler reads the pre-filled {@code <prefix>.tool}. */
    Throughput subscriber(String prefix) throws InterruptedException {
        Ours result = run(prefix + "-sub", "subscribe", Map.of("prefix", prefix, "events", settings.events(),
                "concurrency", 1, "handlerMs", 0));
        JsonNode level = result.path("levels").path(0);
        return new Throughput(level.path("records").asLong(), level.path("seconds").asDouble(),
                level.path("records_per_s").asDouble(), level.path("records_per_s_with_start").asDouble(), result.peakRssMb());
    }

    /** The plain {@code KafkaConsumer} + Avro {@code GenericDatumReader} baseline on the pre-filled {@code <prefix>.tool}. */
    Throughput avroBaseline(String prefix) throws InterruptedException {
        Ours result = run(prefix + "-sub-avro", AvroConsumerBaseline.MODE, Map.of("prefix", prefix, "events", settings.events()));
        return new Throughput(result.path("records").asLong(), result.path("seconds").asDouble(),
                result.path("records_per_s").asDouble(), result.path("records_per_s_with_start").asDouble(), result.peakRssMb());
    }

    /** The 10 ms handler sweep: fills {@code <prefix>.tool}, then one subscriber per level in one child JVM. */
    Concurrency concurrency(BenchEvents events, String prefix) throws InterruptedException {
        cluster.fill(events, prefix, (long) settings.slotEvents() * settings.maxLevel(), BenchEvents.CORRELATION_IDS);
        Ours result = run(prefix + "-sub", "subscribe", Map.of("prefix", prefix, "slotEvents", settings.slotEvents(),
                "concurrency", settings.levels().stream().map(String::valueOf).collect(Collectors.joining(",")),
                "handlerMs", settings.handlerMs()));
        List<Level> levels = new ArrayList<>();
        for (JsonNode level : result.path("levels")) {
            levels.add(level(level));
        }
        return new Concurrency(levels, result.peakRssMb());
    }

    /**
     * One run of the stall check on the pre-filled {@code <prefix>.tool}: a subscriber with a new group
     * that must handle {@code events} within {@code limit}; its JVM is killed at {@code limit} + 60 s
     * (start and close), which counts as a stall too. A worker that fails otherwise fails the run.
     */
    StallRun stallRun(String prefix, int run, int concurrency, long events, Duration limit) throws InterruptedException {
        String name = prefix + "-r" + run;
        Map<String, Object> arguments = Map.of("prefix", prefix, "events", events, "concurrency", concurrency,
                "handlerMs", settings.handlerMs(), "limitS", limit.toSeconds());
        Ours result;
        try {
            result = run(name, "subscribe", arguments, limit.plusSeconds(60));
        } catch (ChildJvm.TimedOutException e) {
            return new StallRun(run, false, events, null, null, "the JVM did not end within " + e.timeout().toSeconds()
                    + " s and was killed; its log: " + e.log(), null);
        }
        JsonNode level = result.path("levels").path(0);
        boolean completed = level.path("completed").asBoolean(false);
        long handled = level.path("handled").asLong();
        return new StallRun(run, completed, events, handled, completed ? level(level) : null,
                completed ? null : handled + " of " + events + " events handled within " + limit.toSeconds() + " s",
                result.peakRssMb());
    }

    /** The projections catch up with {@code <prefix>}'s backlog (filled here) under a fresh application id. */
    Projection projections(BenchEvents events, String prefix) throws InterruptedException {
        cluster.fillBacklog(events, prefix, settings.events());
        Ours result = run(prefix, "projections", Map.of("appId", prefix + "-app", "events", settings.events()));
        JsonNode writes = result.path("write_amplification");
        WriteAmplification amplification = writes.isObject() ? new WriteAmplification(writes.path("input_bytes").asLong(),
                writes.path("changelog_bytes").asLong(), writes.path("repartition_bytes").asLong(),
                longs(writes.path("output_bytes")), longs(writes.path("other_bytes"))) : null;
        return new Projection(result.path("events").asLong(), result.path("events_per_s").asDouble(),
                result.path("startup_s").asDouble(), result.path("catch_up_s").asDouble(),
                result.path("plan_event_count").asLong(), amplification, result.peakRssMb());
    }

    private static Level level(JsonNode level) {
        return new Level(level.path("concurrency").asInt(), level.path("handler_ms").asInt(), level.path("records").asLong(),
                level.path("seconds").asDouble());
    }

    private static Map<String, Long> longs(JsonNode object) {
        Map<String, Long> map = new TreeMap<>();
        object.properties().forEach(field -> map.put(field.getKey(), field.getValue().asLong()));
        return map;
    }

    private Ours run(String name, String mode, Map<String, Object> arguments) throws InterruptedException {
        return run(name, mode, arguments, timeout);
    }

    /** Runs a worker: the cluster, the record shape and the worker's own arguments. */
    private Ours run(String name, String mode, Map<String, Object> arguments, Duration limit) throws InterruptedException {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("bootstrap", cluster.bootstrap());
        all.put("registry", cluster.registry());
        cluster.clientSettings().ifPresent(file -> all.put("clientSettings", file));
        all.put("prefix", name);
        all.put("partitions", settings.partitions());
        all.put("details", settings.detailsBytes());
        all.putAll(arguments);
        List<String> options = List.of();
        if (settings.jfr()) {
            try {
                Files.createDirectories(settings.outDirectory().resolve("jfr"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + settings.outDirectory().resolve("jfr"), e);
            }
            options = List.of("-XX:StartFlightRecording=filename="
                    + settings.outDirectory().resolve("jfr").resolve(name + ".jfr").toAbsolutePath() + ",settings=profile");
        }
        List<String> argv = new ArrayList<>(List.of(mode));
        argv.addAll(BenchWorker.arguments(all));
        ChildJvm.Result result = jvm.run(name + "-ours", options, BenchWorker.MAIN, argv, limit);
        return new Ours(BenchWorker.parseResult(result), result.peakRssMb());
    }
}
