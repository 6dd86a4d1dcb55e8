package io.agentevents.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.StartPosition;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.producer.kafka.KafkaEventBusConfig;
import io.agentevents.producer.kafka.KafkaEventBusSetting;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.ConnectionSettings;
import io.agentevents.schemas.topics.TopicLayout;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our side of the benchmark, one measurement per process: {@code eventbus bench} runs it as a child
 * JVM, {@code java -cp <class path> io.agentevents.bench.BenchWorker <mode> key=value ...}, and
 * reads the one line {@code bench-result <json>} it prints (or {@code bench-error <message>}, exit 1).
 *
 * <p>Modes: {@code emit} (KafkaEventBus emits {@code events} events and waits until all landed; the
 * clock starts after the first {@code warmup} of them, as ProducerPerformance's {@code --warmup-records};
 * {@code compression=TYPE} sets the bus's {@code compression.type}, as {@code --measure compression} does),
 * {@code e2e} (emit one event, wait until an EventSubscriber handler got it, {@code roundTrips}
 * times; {@code lingerMs=N} sets the bus's {@code linger.ms}, which the bench runs at its default and
 * at 0, the tool's), {@code subscribe} (see {@link SubscriberRun}: an EventSubscriber reads a
 * pre-filled topic from the beginning until {@code events} events were handled, at
 * {@code concurrency} with handlers of {@code handlerMs}; a comma-separated {@code concurrency} runs
 * one subscriber per level, {@code slotEvents} events per handler slot; {@code limitS=N} reports
 * what was handled after N s instead of failing: the stall check), {@code subscribe-avro} (see
 * {@link AvroConsumerBaseline}: the plain consumer + Avro baseline), {@code projections} (see
 * {@link ProjectionsCatchUp}).
 *
 * <p>Experiments (not used by {@code eventbus bench}; for finding what limits a figure):
 * {@code lingerMs=N} on emit, {@code prebuild=true} (emit: build the events before the clock
 * starts), {@code maxBuffered=N} (subscribe: records read ahead before the subscriber pauses reading).
 */
public final class BenchWorker {
    static final String RESULT = "bench-result ";
    static final String ERROR = "bench-error ";
    static final String MAIN = BenchWorker.class.getName();
    static final List<String> MODES = List.of("emit", "e2e", "subscribe", AvroConsumerBaseline.MODE, "projections");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String FAILED = "failed: ";

    private final Map<String, String> args;
    private final ClusterConnection connection;
    private final String prefix;

    private BenchWorker(Map<String, String> args) {
        this.args = args;
        this.connection = connection(required("bootstrap"), required("registry"), args.get("clientSettings"));
        this.prefix = required("prefix");
    }

    public static void main(String[] argv) {
        int exit;
        try {
            if (argv.length == 0) {
                throw new IllegalArgumentException("usage: BenchWorker " + String.join("|", MODES) + " key=value ...");
            }
            Map<String, Object> result = new BenchWorker(arguments(Arrays.asList(argv).subList(1, argv.length))).run(argv[0]);
            System.out.println(RESULT + JSON.writeValueAsString(result));
            exit = 0;
        } catch (Exception e) {
            System.out.println(ERROR + (e.getMessage() == null ? e.toString() : e.getMessage()).replace('\n', ' '));
            e.printStackTrace();
            exit = 1;
        }
        System.out.flush();
        System.exit(exit);
    }

    /** Arguments for a worker: {@code key=value} each. */
    static List<String> arguments(Map<String, ?> values) {
        List<String> list = new ArrayList<>();
        values.forEach((key, value) -> list.add(key + "=" + value));
        return list;
    }

    /** Parses a worker's result line. */
    static JsonNode parseResult(ChildJvm.Result result) {
        String line = result.lineAfter(RESULT);
        if (line == null || result.exitCode() != 0) {
            String error = result.lineAfter(ERROR);
            throw new IllegalStateException(result.name() + " failed (exit " + result.exitCode() + ")"
                    + (error == null ? "" : ": " + error) + "; its log: " + result.log());
        }
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(result.name() + " printed a malformed result: " + line, e);
        }
    }

    private static Map<String, String> arguments(List<String> argv) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String arg : argv) {
            int equals = arg.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("arguments are key=value, was '" + arg + "'");
            }
            map.put(arg.substring(0, equals), arg.substring(equals + 1));
        }
        return map;
    }

    private Map<String, Object> run(String mode) throws InterruptedException, IOException {
        return switch (mode) {
            case "emit" -> emit();
            case "e2e" -> endToEnd();
            case "subscribe" -> subscribe();
            case AvroConsumerBaseline.MODE -> new AvroConsumerBaseline(connection, prefix, integer("events")).run();
            case "projections" -> new ProjectionsCatchUp(connection, prefix, integer("partitions"),
                    required("appId"), integer("events")).run();
            default -> throw new IllegalArgumentException("unknown mode '" + mode + "'; modes: " + MODES);
        };
    }

    /**
     * Kafka and the registry the parent names, logged in to with the client settings file it hands on
     * (its {@code --command-config}), if any.
     */
    private static ClusterConnection connection(String bootstrap, String registry, String clientSettings) {
        Map<String, String> settings = new HashMap<>();
        if (clientSettings != null) {
            settings.putAll(ConnectionSettings.readClientProperties(Path.of(clientSettings)));
        }
        settings.put("bootstrap.servers", bootstrap);
        settings.put("schema.registry.url", registry);
        return ConnectionSettings.fromClientProperties(settings);
    }

    private KafkaEventBusConfig busConfig() {
        TopicLayout layout = TopicLayout.local(1).withPrefix(prefix).withPartitions(integer("partitions"));
        KafkaEventBusConfig defaults = KafkaEventBusConfig.local(connection);
        if (args.containsKey("lingerMs") || args.containsKey("compression")) { // an experiment: the bus's defaults but this
            Properties properties = new Properties();
            properties.setProperty(KafkaEventBusSetting.BOOTSTRAP_SERVERS.property(), connection.bootstrapServers());
            properties.setProperty(KafkaEventBusSetting.SCHEMA_REGISTRY_URL.property(), connection.registryUrls());
            if (args.containsKey("lingerMs")) {
                properties.setProperty(KafkaEventBusSetting.LINGER_MS.property(), required("lingerMs"));
            }
            if (args.containsKey("compression")) {
                properties.setProperty(KafkaEventBusSetting.COMPRESSION_TYPE.property(), required("compression"));
            }
            defaults = KafkaEventBusConfig.fromProperties(properties).withConnection(connection).withAutoRegisterSchemas(true);
        }
        // topics are made by the bench; the schema is registered on first send, as on the local platform
        return defaults.withTopics(layout).withProvision(false).withClientId("bench-" + prefix);
    }

    private BenchEvents events() {
        return new BenchEvents(prefix, integer("details"));
    }

    /** Emits {@code events} events as fast as the bus takes them; the clock stops when the last one landed. */
    private Map<String, Object> emit() {
        long count = integer("events");
        BenchEvents events = events();
        AtomicLong failed = new AtomicLong();
        List<DomainEvent> built = new ArrayList<>();
        if (Boolean.parseBoolean(args.getOrDefault("prebuild", "false"))) { // an experiment: events built before the clock
            for (long i = 0; i < count; i++) {
                built.add(events.throughputEvent(i));
            }
        }
        long warmup = args.containsKey("warmup") ? integer("warmup") : 0;
        if (warmup < 0 || warmup >= count) {
            throw new IllegalArgumentException("warmup must be 0.." + (count - 1) + ", was " + warmup);
        }
        try (KafkaEventBus bus = KafkaEventBus.start(busConfig())) {
            long started = System.nanoTime();
            long steady = started;
            for (long i = 0; i < count; i++) {
                if (i == warmup) {
                    steady = System.nanoTime();
                }
                bus.emit(built.isEmpty() ? events.throughputEvent(i) : built.get((int) i)).whenComplete((landed, failure) -> {
                    if (failure != null) {
                        failed.incrementAndGet();
                    }
                });
            }
            bus.flush();
            long finished = System.nanoTime();
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " of " + count + " emits failed");
            }
            double seconds = (finished - steady) / 1e9;
            return JsonFields.ordered("records", count - warmup, "warmup", warmup, "seconds", seconds,
                    "records_per_s", (count - warmup) / seconds,
                    "records_per_s_whole_run", count / ((finished - started) / 1e9));
        }
    }

    /** Emit one event, wait until the subscriber's handler has it, repeat; as Kafka's EndToEndLatency does. */
    private Map<String, Object> endToEnd() throws InterruptedException {
        int roundTrips = integer("roundTrips");
        BenchEvents events = events();
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        SubscriberConfig config = SubscriberConfig.builder(connection, prefix + "-e2e-" + DomainEvent.newId())
                .topicPrefix(prefix).startPosition(StartPosition.latest()).build();
        try (KafkaEventBus bus = KafkaEventBus.start(busConfig());
             EventSubscriber subscriber = EventSubscriber.builder(config)
                     .on(EventType.TOOL_INVOKED, (event, delivery) -> received.add(event.eventId()))
                     .build().start()) {
            awaitSubscribed(bus, events, received);
            long[] nanos = new long[roundTrips];
            for (int i = 0; i < roundTrips; i++) {
                DomainEvent event = events.throughputEvent(i);
                long started = System.nanoTime();
                bus.emit(event).whenComplete((landed, failure) -> {
                    if (failure != null) {
                        received.add(FAILED + failure.getMessage());
                    }
                });
                awaitReceived(received, event.eventId());
                nanos[i] = System.nanoTime() - started;
            }
            if (subscriber.state() != EventSubscriber.State.RUNNING) {
                throw new IllegalStateException("the subscriber is " + subscriber.state());
            }
            return LatencyStats.of(nanos).toMap();
        }
    }

    /** Emits warm-up events until the subscriber (reading from the end) has its partitions and gets one. */
    private static void awaitSubscribed(KafkaEventBus bus, BenchEvents events, BlockingQueue<String> received)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            DomainEvent warmUp = events.throughputEvent(0);
            bus.emitAndWait(warmUp);
            String id = received.poll(1, TimeUnit.SECONDS);
            if (id != null) {
                Thread.sleep(200); // let any other warm-up copies arrive, then start clean
                received.clear();
                return;
            }
        }
        throw new IllegalStateException("the subscriber got no event within " + WAIT.toSeconds() + " s");
    }

    private static void awaitReceived(BlockingQueue<String> received, String eventId) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            String id = received.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (id == null) {
                throw new IllegalStateException("event " + eventId + " did not reach the handler within " + WAIT.toSeconds() + " s");
            }
            if (id.equals(eventId)) {
                return;
            }
            if (id.startsWith(FAILED)) {
                throw new IllegalStateException("emit of " + eventId + " failed: " + id.substring(FAILED.length()));
            }
        }
    }

    /**
     * One subscriber per concurrency level, each reading the topic from the beginning with a group of
     * its own; with {@code limitS}, one level that reports what it handled by then instead of failing.
     */
    private Map<String, Object> subscribe() throws InterruptedException {
        long handlerMs = integer("handlerMs");
        OptionalInt maxBuffered = args.containsKey("maxBuffered") ? OptionalInt.of(integer("maxBuffered")) : OptionalInt.empty();
        SubscriberRun subscriber = new SubscriberRun(connection, prefix, maxBuffered);
        Duration limit = args.containsKey("limitS") ? Duration.ofSeconds(integer("limitS")) : null;
        List<Map<String, Object>> levels = new ArrayList<>();
        for (String level : required("concurrency").split(",")) {
            int concurrency = Integer.parseInt(level.trim());
            long count = args.containsKey("slotEvents") ? (long) integer("slotEvents") * concurrency : integer("events");
            levels.add(subscriber.once(concurrency, count, handlerMs, limit));
        }
        return Map.of("levels", levels);
    }

    private String required(String key) {
        String value = args.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return value;
    }

    private int integer(String key) {
        return Integer.parseInt(required(key));
    }
}
