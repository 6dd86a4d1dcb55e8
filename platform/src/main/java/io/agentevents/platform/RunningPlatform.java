package io.agentevents.platform;

import io.agentevents.local.LocalPlatform;
import io.agentevents.local.LocalPlatformConfig;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.registry.InMemorySchemaRegistryClient;
import io.agentevents.schemas.serde.DomainEventSerde;
import io.agentevents.schemas.serde.SerdeConfig;
import io.agentevents.consumer.deadletter.DeadLetterConfig;
import io.agentevents.platform.console.ConsoleDeadLetters;
import io.agentevents.platform.console.ConsoleEventFeed;
import io.agentevents.streams.app.ProjectionsApp;
import io.agentevents.streams.console.DeadLetterDesk;
import io.agentevents.streams.app.ProjectionsConfig;
import io.agentevents.schemas.connection.Secret;
import io.agentevents.streams.client.QueryClient;
import io.agentevents.streams.client.QueryClientSettings;
import io.agentevents.streams.http.QueryTokens;
import io.agentevents.streams.http.QueryUsers;

import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The embedded platform ({@link LocalPlatform}: Kafka, the schema registry, the domain topics) with
 * the projections ({@link ProjectionsApp}) and their query API over it: what {@code eventbus local}
 * and {@code eventbus demo} run, assembled in one place. The projections read the platform's topics
 * as its admin (its Kafka security and registry login), serve on the config's HTTP port, and keep
 * their state under {@code <data directory>/projections} when the platform has a data directory.
 * The web console (served by the projections) shows and replays the platform's dead letters; on a secured
 * platform only its admin may replay. Its live list of events comes from a {@link ConsoleEventFeed}, whose
 * subscriber meters {@code /metrics} serves beside the projections'. Closing stops the feed, the
 * projections, then the platform. Thread-safe.
 */
public final class RunningPlatform implements AutoCloseable {
    /**
     * Log4j 2's API is used by the Kafka broker only for its logger-level controller, which tries
     * Log4j 2's own implementation first (another 800 classes and about half a second of CPU at
     * start, for a controller never used here). The platform logs through SLF4J, so the API gets its
     * no-op context; the broker then uses its no-op controller, as Kafka does when Log4j 2's
     * implementation is absent. A value set by the user is kept.
     */
    private static final String LOG4J_CONTEXT_FACTORY = "log4j2.loggerContextFactory";
    private static final String LOG4J_SIMPLE_CONTEXT_FACTORY = "org.apache.logging.log4j.simple.SimpleLoggerContextFactory";

    private static final long STATE_POLL_MILLIS = 20;

    /** The name of the admin's client settings file ({@link #writeAdminClientSettings()}). */
    public static final String ADMIN_CLIENT_SETTINGS = "admin-client.properties";
    /** The name of the query API's users file of a secured platform (its admin only). */
    public static final String QUERY_USERS = "query-users";
    /** The name of the query API's tokens file of a secured platform (one token, the admin's). */
    public static final String QUERY_TOKENS = "query-tokens";

    private final LocalPlatform platform;
    private final ProjectionsApp projections;
    private ConsoleEventFeed feed;
    /** Opens when the platform closes. */
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Path settingsDirectory;
    private final Optional<Secret> queryToken;

    private RunningPlatform(LocalPlatform platform, ProjectionsApp projections, Path settingsDirectory,
                            Optional<Secret> queryToken) {
        this.queryToken = queryToken;
        this.platform = platform;
        this.projections = projections;
        this.settingsDirectory = settingsDirectory;
    }

    /** Starts the platform as {@code config} says, then the projections over it. */
    public static RunningPlatform start(LocalPlatformConfig config) {
        return start(config, UnaryOperator.identity());
    }

    /**
     * Starts the platform as {@code config} says, then the projections over it, with their
     * configuration changed by {@code projectionsConfig} (e.g. another application id).
     *
     * @throws io.agentevents.local.LocalPlatformException when the platform cannot start
     * @throws RuntimeException                            when the projections cannot start (the platform is stopped again)
     */
    public static RunningPlatform start(LocalPlatformConfig config, UnaryOperator<ProjectionsConfig> projectionsConfig) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(projectionsConfig, "projectionsConfig");
        if (System.getProperty(LOG4J_CONTEXT_FACTORY) == null) {
            System.setProperty(LOG4J_CONTEXT_FACTORY, LOG4J_SIMPLE_CONTEXT_FACTORY);
        }
        startWarmUp();
        LocalPlatform platform = LocalPlatform.start(config);
        try {
            ProjectionsConfig projections = ProjectionsConfig.defaults(adminConnection(platform))
                    .withTopics(platform.topicLayout())
                    .withHttpPort(config.httpPort())
                    .withReplicationFactor(platform.topicLayout().replicationFactor());
            if (config.dataDirectory().isPresent()) {
                projections = projections.withStateDirectory(config.dataDirectory().get().resolve("projections"));
            }
            Path settings = config.dataDirectory().orElse(platform.kafka().dataDirectory());
            Optional<Secret> queryToken = Optional.empty();
            if (platform.security().isPresent()) {
                // secured together: the query API takes the admin user too, and a fresh token of the admin's
                projections = projections.withQueryUsersFile(writeQueryUsers(settings, platform));
                queryToken = Optional.of(Secret.of(QueryTokens.newToken()));
                projections = projections.withQueryTokensFile(writeQueryTokens(settings, platform, queryToken.get()));
            }
            projections = projectionsConfig.apply(projections);
            if (!platform.kafka().newCluster()) {
                // the previous run's stream thread did not leave the group: without this its member would
                // hold the first rebalance (and /health) for its 45-second session timeout (a cluster formatted
                // by this start has no group yet)
                int stale = platform.removeGroupMembers(projections.applicationId());
                log().info("removed {} member(s) of the previous run from consumer group {}", stale, projections.applicationId());
            }
            Set<String> operators = platform.registryUserInfo()
                    .map(userInfo -> Set.of(userInfo.substring(0, userInfo.indexOf(':')))).orElse(Set.of());
            DeadLetterDesk deadLetters = ConsoleDeadLetters.open(new DeadLetterConfig(adminConnection(platform),
                    platform.topicLayout().prefix(), DeadLetterConfig.DEFAULT_READ_TIMEOUT, DeadLetterConfig.DEFAULT_REPLAY_TIMEOUT),
                    operators);
            ProjectionsApp app = ProjectionsApp.start(projections, Optional.of(deadLetters));
            RunningPlatform running = new RunningPlatform(platform, app, settings, queryToken);
            running.startFeedOnceRunning(adminConnection(platform));
            return running;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    /** The base URL of the projections' query API, e.g. {@code http://127.0.0.1:8080}. */
    public String queryUrl() {
        return projections.url();
    }

    /** The query API's users file when the platform is secured (then every query must authenticate). */
    public Optional<Path> queryUsersFile() {
        Path file = settingsDirectory.resolve(QUERY_USERS);
        return platform.security().isPresent() ? Optional.of(file) : Optional.empty();
    }

    /** A client of the query API (the caller closes it). */
    public QueryClient queryClient(Duration patience) {
        return QueryClient.connect(queryUrl(), patience);
    }

    /**
     * The embedded platform itself: its Kafka ({@link LocalPlatform#bootstrapServers()}), registry
     * ({@link LocalPlatform#schemaRegistryUrl()}, without credentials), security, and the domain
     * topics as it created them ({@link LocalPlatform#topicLayout()}).
     */
    public LocalPlatform platform() {
        return platform;
    }

    /** The projections' Kafka Streams state now. */
    public KafkaStreams.State projectionsState() {
        return projections.state();
    }

    /**
     * Waits until the projections are RUNNING (their {@code /health} answers 200), they fail or
     * {@code stopped} opens; answers the last state seen. No time limit: a restart may restore large
     * stores first, so after {@code notice} it tells {@code slow} once the state it is waiting in.
     * Looks every 20 ms: the application offers no state listener of its own.
     */
    public KafkaStreams.State awaitProjections(CountDownLatch stopped, Duration notice, Consumer<KafkaStreams.State> slow)
            throws InterruptedException {
        long noticeAt = System.nanoTime() + notice.toNanos();
        boolean told = false;
        KafkaStreams.State state = projections.state();
        while (state != KafkaStreams.State.RUNNING && !state.hasCompletedShutdown() && state != KafkaStreams.State.ERROR) {
            if (stopped.await(STATE_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                return projections.state();
            }
            if (!told && System.nanoTime() - noticeAt > 0) {
                slow.accept(state);
                told = true;
            }
            state = projections.state();
        }
        return state;
    }

    /**
     * The admin's client settings as a properties file {@value #ADMIN_CLIENT_SETTINGS} in the data
     * directory (Kafka's temporary directory without one), readable by its owner only: bootstrap
     * servers and Kafka's security settings, the registry's URL and basic auth in Confluent's names,
     * the query API's URL and the admin's bearer token ({@code query.url}, {@code query.token}, as
     * {@link QueryClientSettings} reads them). Fit for Kafka's tools ({@code --command-config}), a Confluent client, the {@code eventbus}
     * commands' {@code --command-config} and {@code ClusterConnection.load}. Only for a secured platform.
     *
     * @return the file written
     * @throws java.util.NoSuchElementException when the platform is not secured
     */
    public Path writeAdminClientSettings() {
        Path file = settingsDirectory.resolve(ADMIN_CLIENT_SETTINGS);
        platform.registryUserInfo().orElseThrow();
        ClusterConnection admin = adminConnection(platform);
        Properties props = new Properties();
        props.putAll(admin.clientProperties());
        props.putAll(admin.registryClientProperties());
        props.put(QueryClientSettings.fileName(QueryClientSettings.URL), queryUrl());
        queryToken.ifPresent(token -> props.put(QueryClientSettings.fileName(QueryClientSettings.TOKEN), token.value()));
        return writeOwnerOnly(file, "the client settings",
                out -> props.store(out, "eventbus local: the admin user's client settings (secret)"));
    }

    /**
     * The query API's users file {@value #QUERY_USERS} beside the client settings: the admin with the
     * platform's admin password (salted hash only), owner-only, written afresh at every start.
     */
    private static Path writeQueryUsers(Path directory, LocalPlatform platform) {
        String userInfo = platform.registryUserInfo().orElseThrow();
        int colon = userInfo.indexOf(':');
        String users = "# eventbus local: the query API's users\n"
                + QueryUsers.line(userInfo.substring(0, colon), userInfo.substring(colon + 1)) + "\n";
        return writeOwnerOnly(directory.resolve(QUERY_USERS), "the query API's users",
                out -> out.write(users.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The query API's tokens file {@value #QUERY_TOKENS} beside the client settings: the admin's
     * token (its SHA-256 digest only), owner-only, written afresh at every start.
     */
    private static Path writeQueryTokens(Path directory, LocalPlatform platform, Secret token) {
        String userInfo = platform.registryUserInfo().orElseThrow();
        String tokens = "# eventbus local: the query API's bearer tokens\n"
                + QueryTokens.line(userInfo.substring(0, userInfo.indexOf(':')), token.value()) + "\n";
        return writeOwnerOnly(directory.resolve(QUERY_TOKENS), "the query API's tokens",
                out -> out.write(tokens.getBytes(StandardCharsets.UTF_8)));
    }

    /** What goes into a file. */
    private interface FileContent {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code file} afresh, readable by its owner only (where the file system has POSIX
     * permissions; elsewhere the data directory's permissions apply): it holds secrets or their hashes.
     */
    private static Path writeOwnerOnly(Path file, String what, FileContent content) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the data directory's permissions apply
            }
            try (OutputStream out = Files.newOutputStream(file)) {
                content.writeTo(out);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + what + " to " + file + ": " + e.getMessage(), e);
        }
    }

    /** How the platform's admin reaches it: Kafka's security settings and the registry's credentials, if any. */
    private static ClusterConnection adminConnection(LocalPlatform platform) {
        ClusterConnection connection = ClusterConnection.of(platform.bootstrapServers(), platform.schemaRegistryUrl())
                .withKafkaSecurity(platform.adminKafkaSecurity());
        return platform.registryUserInfo().map(connection::withRegistryUserInfo).orElse(connection);
    }

    /**
     * Starts the console's live-events feed once the projections run, on a thread of its own: the feed reads
     * from the end of each partition, so a later start loses nothing it would show, and the projections'
     * start does not share the machine with it. A failure to start it is logged; the console then shows no
     * live events.
     */
    private void startFeedOnceRunning(ClusterConnection connection) {
        Thread starter = new Thread(() -> {
            try {
                if (awaitProjections(closing, Duration.ofDays(365), state -> { }) != KafkaStreams.State.RUNNING) {
                    return; // closed, failed or stopped first
                }
                synchronized (this) {
                    if (closing.getCount() > 0) {
                        feed = ConsoleEventFeed.start(connection, platform.topicLayout().prefix(), projections.consoleStream(),
                                projections.meterRegistry());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log().warn("the console's live events feed did not start: {}", e.toString());
            }
        }, "eventbus-console-feed-starter");
        starter.setDaemon(true);
        starter.start();
    }

    /** Stops the console's feed, the projections, then the platform. */
    @Override
    public void close() {
        ConsoleEventFeed started;
        synchronized (this) {
            closing.countDown(); // the feed's starter, if still waiting, gives up
            started = feed;
        }
        try {
            try {
                if (started != null) {
                    started.close();
                }
            } finally {
                projections.close();
            }
        } finally {
            platform.close();
        }
    }

    /**
     * Loads, on a second thread while Kafka starts on this one, what the projections need first
     * when they start after it: the RocksDB native library (unpacked from its jar to the temporary
     * directory, as RocksDB does on first use), the Kafka Streams classes of the topology, and the
     * JVM's default TLS context (the query API's forwarding client makes it, even for plain HTTP,
     * reading the JDK's trust store). Kafka's start is mostly single-threaded class loading and
     * initialisation, so on a machine with a spare core this takes the projections' own loading off
     * the path to ready. It opens no port and talks to no Kafka; a failure here costs nothing but
     * the head start (it is logged at debug level). Never interrupted: a class initialiser cut
     * short (RocksDB unpacking its library) would leave the class unusable.
     */
    private static void startWarmUp() {
        Thread thread = new Thread(() -> {
            try {
                Class.forName("org.rocksdb.RocksDB", true, RunningPlatform.class.getClassLoader()); // loads the library
                ProjectionsApp.topology(ProjectionsConfig.defaults("127.0.0.1:9", "http://127.0.0.1:9"),
                        new DomainEventSerde(new InMemorySchemaRegistryClient(), SerdeConfig.defaults()));
                javax.net.ssl.SSLContext.getDefault();
            } catch (ClassNotFoundException | java.security.NoSuchAlgorithmException | LinkageError | RuntimeException e) {
                log().debug("warm-up of the projections' code failed (they load it when they start): {}", e.toString());
            }
        }, "eventbus-local-warmup");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
    }

    /**
     * The logger, made when first used: a static one would set logging up (logback reading its
     * configuration, some 800 classes) whenever a class referring to this one is loaded.
     */
    private static Logger log() {
        return LoggerFactory.getLogger(RunningPlatform.class);
    }
}
