package io.agentevents.streams.app;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.serde.DomainEventSerde;
import io.agentevents.schemas.serde.SerdeConfig;
import io.agentevents.streams.console.DeadLetterDesk;
import io.agentevents.streams.http.ConsoleStream;
import io.agentevents.streams.http.QueryServer;
import io.agentevents.streams.http.QueryAccess;
import io.agentevents.streams.http.QueryTokens;
import io.agentevents.streams.http.QueryUsers;
import javax.net.ssl.SSLContext;
import io.agentevents.streams.topology.ProjectionErrorCounter;
import io.agentevents.streams.topology.InPlaceRouting;
import io.agentevents.streams.topology.ProjectionOptions;
import io.agentevents.streams.topology.ProjectionStores;
import io.agentevents.streams.topology.ProjectionsTopology;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * The projections application: the {@link ProjectionsTopology} running in Kafka Streams with
 * {@code exactly_once_v2}, and its HTTP query API. Several instances with one application id
 * share the work; each knows the others through {@code application.server} and any of them answers
 * any key (it asks the owner).
 *
 * <p>Lifecycle: {@link #start} creates the output topics if missing, starts the API and returns at
 * once; the streams start as soon as every domain topic exists ({@link #waitingForTopics()}); {@link #health()} follows the Kafka Streams state (RUNNING,
 * REBALANCING, ERROR, ...). A stream thread that dies is replaced. Thread-safe.
 */
public final class ProjectionsApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProjectionsApp.class);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TOPIC_POLL = Duration.ofSeconds(1);
    private static final long STORE_CACHE_BYTES = 64L * 1024 * 1024;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final ProjectionsConfig config;
    private final KafkaStreams streams;
    private final SchemaRegistryClient registry;
    private final QueryServer server;
    private final Path stateDirectory;
    private final boolean temporaryState;
    private volatile Set<String> waitingForTopics = Set.of();
    private volatile Thread topicWaiter;
    private boolean closed;
    private final ProjectionsMeters meters;
    private final ConsoleStream console;
    private final PlanChangeTail planChanges;
    private final InPlaceRouting inPlace;

    private ProjectionsApp(ProjectionsConfig config, KafkaStreams streams, SchemaRegistryClient registry, QueryServer server,
                           Path stateDirectory, boolean temporaryState, ProjectionsMeters meters, ConsoleStream console,
                           PlanChangeTail planChanges, InPlaceRouting inPlace) {
        this.config = config;
        this.inPlace = inPlace;
        this.console = console;
        this.planChanges = planChanges;
        this.meters = meters;
        this.streams = streams;
        this.registry = registry;
        this.server = server;
        this.stateDirectory = stateDirectory;
        this.temporaryState = temporaryState;
    }

    /** The topology the application runs, for inspection and tests. */
    public static Topology topology(ProjectionsConfig config, Serde<DomainEvent> eventSerde) {
        StreamsBuilder builder = new StreamsBuilder();
        ProjectionsTopology.build(builder, new ProjectionOptions(config.topics(), eventSerde, config.retention(),
                config.rateWindow(), config.rateGrace()));
        return builder.build();
    }

    /**
     * Starts the application.
     *
     * @throws IllegalStateException naming the brokers when the output topics cannot be made, or the
     *                               port when the query API cannot bind
     */
    public static ProjectionsApp start(ProjectionsConfig config) {
        return start(config, Optional.empty());
    }

    /**
     * Starts the application with a web console that shows (and replays) dead letters through
     * {@code deadLetters} (closed with the application); without one the console says it has no
     * access to them.
     *
     * @throws IllegalStateException as {@link #start(ProjectionsConfig)}
     */
    public static ProjectionsApp start(ProjectionsConfig config, Optional<DeadLetterDesk> deadLetters) {
        SourceTopics initial = ProjectionTopics.prepare(config, ADMIN_TIMEOUT);
        boolean temporary = config.stateDirectory().isEmpty();
        Path state;
        try {
            state = temporary ? Files.createTempDirectory("eventbus-projections-") : Files.createDirectories(config.stateDirectory().get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory: " + e.getMessage(), e);
        }
        if (!temporary) {
            // after a crash under exactly-once Kafka Streams would find every task corrupted, wipe it and
            // force a rebalance of the whole group; removed now, it is simply restored
            CleanCloseMarker.beforeStart(state, config.applicationId());
        }
        // a bad users file, tokens file or store fails before anything starts
        QueryAccess access = new QueryAccess(config.queryUsersFile().map(QueryUsers::load),
                config.queryTokensFile().map(QueryTokens::load));
        Optional<SSLContext> forwardingTls = config.queryKeyStore()
                .map(keyStore -> config.queryTrustStore().orElse(keyStore).trustingContext());
        QueryServer server = QueryServer.bind(config.httpHost(), config.httpPort(), config.queryKeyStore());
        SchemaRegistryClient registry = new HttpSchemaRegistryClient(config.connection().registry());
        ProjectionsMeters meters = new ProjectionsMeters();
        ConsoleStream console = new ConsoleStream();
        try {
            DomainEventSerde serde = new DomainEventSerde(registry, SerdeConfig.defaults());
            ProjectionErrorCounter skipped = new ProjectionErrorCounter();
            Properties props = streamsProperties(config, state, server.port());
            props.put(ProjectionErrorCounter.CONFIG, skipped);
            InPlaceRouting inPlace = new InPlaceRouting();
            props.put(InPlaceRouting.CONFIG, inPlace);
            KafkaStreams streams = new KafkaStreams(topology(config, serde), props);
            streams.setStateListener((now, before) -> LOG.info("projections {}: {} -> {}", config.applicationId(), before, now));
            streams.setGlobalStateRestoreListener(new RestoreLog(config.applicationId()));
            streams.setUncaughtExceptionHandler(error -> {
                LOG.error("projections stream thread died; replacing it: {}", error.toString(), error);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            });
            meters.bind(streams, skipped, config.applicationId());
            ProjectionsApp app = new ProjectionsApp(config, streams, registry, server, state, temporary, meters, console,
                    PlanChangeTail.start(config, console), inPlace);
            server.start(new io.agentevents.streams.http.ProjectionQueries(streams, config.advertisedHost(), server.port(),
                    config.rateWindow(), skipped, app::waitingForTopics, serde.deserializer(), forwardingTls, deadLetters),
                    access, config.queryLimits(), meters.registry(), console);
            app.startWhenSourceTopicsExist(initial);
            LOG.info("projections {} started: query API at {}", config.applicationId(), app.url());
            return app;
        } catch (RuntimeException e) {
            server.close();
            console.close();
            deadLetters.ifPresent(DeadLetterDesk::close);
            registry.close();
            meters.close();
            throw e;
        }
    }

    /** The back-off while Kafka Streams makes its internal topics ready, the main consumer's first retry back-off (Kafka's default: 100 ms). */
    static final long INTERNAL_TOPIC_BACKOFF_MS = 10;
    /** How long the restore consumer's fetch waits for data that is not there (Kafka's default: 500 ms). */
    static final int RESTORE_FETCH_MAX_WAIT_MS = 50;

    static Properties streamsProperties(ProjectionsConfig config, Path state, int httpPort) {
        Properties props = new Properties();
        props.putAll(config.connection().clientProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.advertisedHost() + ":" + httpPort);
        props.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.replicationFactor());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) config.commitInterval().toMillis());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG,
                io.agentevents.streams.topology.ProjectionsDeserializationHandler.class.getName());
        if (config.deadLetters()) {
            props.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, ProjectionStores.DEAD_LETTER_TOPIC);
        }
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        config.instanceId().ifPresent(id -> props.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id));
        long session = config.sessionTimeout().toMillis();
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), (int) session);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), (int) Math.min(3_000, session / 3));
        // Kafka Streams 4.3 sleeps retry.backoff.ms after each internal topic it creates while others of the same batch
        // are still to be checked (KAFKA-21033, open): 100 ms per changelog at a fresh start. Its partition assignor
        // reads that back-off from the main consumer's settings, so the main consumer's is made short (its retries
        // still back off exponentially up to retry.backoff.max.ms); the other clients keep Kafka's default
        props.put(StreamsConfig.mainConsumerPrefix(CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG), INTERNAL_TOPIC_BACKOFF_MS);
        // a task's restoration ends only when a fetch of its changelogs returns; an empty changelog (a fresh
        // start) made that fetch wait the broker's full fetch.max.wait.ms (500 ms) before the task could run
        props.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), RESTORE_FETCH_MAX_WAIT_MS);
        // the internal topic and the changelogs carry whole events: compress them as the producers do
        props.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
        // the folds do not depend on the order across domain topics, so a task never waits for a slower one
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        // room for every plan fold, trail head and entry changed within a commit interval, written once at commit
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STORE_CACHE_BYTES);
        return props;
    }

    /**
     * What closing does to the group membership. A dynamic member leaves the group, so its tasks move
     * (or a restart is assigned them) at once instead of after its session timeout. A static member
     * ({@code group.instance.id}) stays: a successor with the same id that joins within the session
     * timeout takes its place without a rebalance (the group generation stays the same), which is
     * what a rolling restart wants; leaving would rebalance the whole group twice per restart.
     */
    static org.apache.kafka.streams.CloseOptions.GroupMembershipOperation closeMembership(ProjectionsConfig config) {
        return config.instanceId().isPresent() ? org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP
                : org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP;
    }

    /**
     * Starts the streams once every domain topic exists: Kafka Streams fails a rebalance whose source
     * topics are missing, and producers (not this application) create them. Until then
     * {@link #waitingForTopics()} names the missing ones and the health endpoint says so.
     */
    private void startWhenSourceTopicsExist(SourceTopics topics) {
        waitingForTopics = topics.missing();
        if (topics.missing().isEmpty()) {
            startStreams(topics, false); // ProjectionTopics.prepare made the internal topic
            return;
        }
        LOG.warn("projections {}: waiting for the domain topics {} to be created (by a producer or an administrator)",
                config.applicationId(), topics.missing());
        topicWaiter = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(TOPIC_POLL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                SourceTopics still = SourceTopics.of(config, ADMIN_TIMEOUT);
                waitingForTopics = still.missing();
                if (still.missing().isEmpty()) {
                    synchronized (this) {
                        if (!closed) {
                            LOG.info("projections {}: the domain topics exist; starting", config.applicationId());
                            startStreams(still, true);
                        }
                    }
                    return;
                }
            }
        }, "projections-topic-waiter");
        topicWaiter.setDaemon(true);
        topicWaiter.start();
    }

    /**
     * Tells the in-place routing how many partitions the internal topic has (as many as the domain
     * topic with the most) and, with {@code createInternalTopic}, creates that topic ({@link RepartitionTopic}),
     * then starts Kafka Streams. When Kafka could not say, every event goes through the internal topic:
     * slower, never wrong.
     */
    private void startStreams(SourceTopics topics, boolean createInternalTopic) {
        if (topics.mostPartitions() > 0) {
            inPlace.partitions(topics.mostPartitions());
            if (createInternalTopic) {
                RepartitionTopic.create(config, topics.mostPartitions(), ADMIN_TIMEOUT);
            }
        }
        streams.start();
    }

    /** The domain topics this instance waits for before it starts; empty once started. */
    public Set<String> waitingForTopics() {
        return waitingForTopics;
    }

    /** The Kafka Streams state: CREATED, REBALANCING, RUNNING, PENDING_SHUTDOWN, NOT_RUNNING, PENDING_ERROR or ERROR. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The query API's base URL, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return (server.tls() ? "https://" : "http://") + config.advertisedHost() + ":" + server.port();
    }

    public int httpPort() {
        return server.port();
    }

    public ProjectionsConfig config() {
        return config;
    }

    /**
     * The Kafka Streams client metrics of this instance (its consumers, producer, stores), e.g. the
     * producer's per-topic {@code byte-total} of the changelog and repartition topics. A live view,
     * read-only.
     */
    public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics() {
        return streams.metrics();
    }

    /**
     * The web console's live stream, to which the rest of the process may feed the events it sees
     * ({@link ConsoleStream#eventSeen}); closed with the application.
     */
    public ConsoleStream consoleStream() {
        return console;
    }

    /**
     * The registry whose meters {@code GET /metrics} serves (Prometheus text): Kafka Streams and its
     * clients, the projections' skip counters, the query API's requests, the JVM. Other parts of the
     * same process (e.g. a subscriber or a bus) may add their meters to it to be served there too.
     */
    public io.micrometer.core.instrument.MeterRegistry meterRegistry() {
        return meters.registry();
    }

    /**
     * Stops the API and the streams (committing; with dynamic membership leaving the consumer group
     * so a restarted instance is assigned its tasks at once, with static membership staying in it so
     * a successor with the same instance id takes over without a rebalance: see
     * {@link #closeMembership}), and deletes a temporary state directory.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        Thread waiter = topicWaiter;
        if (waiter != null) {
            waiter.interrupt();
        }
        planChanges.close();
        server.close();
        boolean clean = streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(closeMembership(config))
                .withTimeout(CLOSE_TIMEOUT));
        if (clean && !temporaryState) {
            CleanCloseMarker.afterCleanClose(stateDirectory, config.applicationId());
        }
        registry.close();
        meters.close();
        if (temporaryState) {
            try {
                org.apache.kafka.common.utils.Utils.delete(stateDirectory.toFile());
            } catch (IOException e) {
                LOG.warn("could not delete the state directory {} completely: {}", stateDirectory, e.getMessage());
            }
        }
        LOG.info("projections {} closed", config.applicationId());
    }
}
