package io.agentevents.local.registry;

import io.agentevents.local.LocalPlatformException;
import io.agentevents.schemas.registry.CompatibilityLevel;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A schema registry speaking the Confluent Schema Registry REST API v1 for Avro schemas, running
 * inside this JVM and keeping its state in a compacted Kafka topic ({@code _schemas} by default)
 * in Confluent's record format. Confluent clients and serializers work against it unchanged.
 *
 * <p><b>Consistency.</b> The topic is the only state: every instance folds it into memory with one
 * reader thread, so a restart keeps every id, version and compatibility level, and all instances
 * on the same topic converge on the same answers. Writes (register, delete, config) are serialised
 * across instances by one Kafka transactional id: a writer catches up with the log, computes the
 * next id and version, commits, and answers once it has read its own write back. So ids are unique
 * and stable, an identical schema gets the same id under every subject, and a client reading from
 * the instance it wrote through sees its write. Reads are answered from memory, also while Kafka
 * is down; an unknown subject or id first triggers one catch-up with the log, so an instance finds
 * what another has just written. Anything waiting on Kafka gives up after
 * {@link SchemaRegistryServerConfig#kafkaTimeout()} with HTTP 500 and error code 50002 (timed out)
 * or 50001 (store error) naming the bootstrap servers.
 *
 * <p><b>Authentication.</b> With {@link SchemaRegistryServerConfig#basicAuthUsers()} set, every
 * request needs HTTP basic auth with one of those users, else HTTP 401 with Confluent's error
 * body and a {@code WWW-Authenticate} challenge; any user may do everything. With
 * {@link SchemaRegistryServerConfig#kafkaLogins()} also any user:password Kafka accepts, checked by
 * logging in to Kafka as that user (within 5 s; accepted logins are remembered for 30 s, refused
 * ones for 3 s; when Kafka does not answer, HTTP 500 with error code 50002). Without users the
 * registry is open, bound to 127.0.0.1 by default.
 *
 * <p><b>Scope.</b> Avro only; schema references, permanent deletes, modes and contexts are not
 * supported and answer 422. Bodies over 1 MiB answer 413.
 *
 * <p><b>Threads.</b> Thread-safe. Each instance runs one reader thread, one writer thread and a
 * small bounded pool of HTTP threads, all daemons named after the port. {@link #close()} stops
 * them all and is idempotent. Starting the first registry sets the JDK's
 * {@code sun.net.httpserver.nodelay} to {@code true} unless it is already set (it is read once per
 * JVM; without it every answer of a JDK HTTP server waits ~40 ms on delayed ACKs).
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);
    private static final int HTTP_THREADS = 8;
    private static final int HTTP_QUEUE = 256;
    private static final int HTTP_BACKLOG = 64;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /**
     * The JDK server writes a response's headers and body as two TCP segments; without
     * TCP_NODELAY, Nagle's algorithm and the client's delayed ACK add about 40 ms to every answer.
     * The JDK reads this property once, when the first server of the JVM is created.
     */
    private static final String JDK_HTTP_NODELAY = "sun.net.httpserver.nodelay";

    private final String url;
    private final int port;
    private final RegistryCommands commands;
    private final TopicWriter writer;
    private final Deque<Resource> resources;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Something to stop on close; may block, bounded. */
    @FunctionalInterface
    private interface Resource {
        void close() throws InterruptedException;
    }

    private EmbeddedSchemaRegistry(String url, int port, RegistryCommands commands, TopicWriter writer,
                                   Deque<Resource> resources) {
        this.url = url;
        this.port = port;
        this.commands = commands;
        this.writer = writer;
        this.resources = resources;
    }

    /**
     * Starts a registry and returns once its state has caught up with the topic and HTTP is serving.
     * Creates the topic when absent (one partition, compacted, replication min(3, brokers),
     * {@code min.insync.replicas} min(2, replication)).
     *
     * @throws LocalPlatformException naming the address when the port cannot be bound, or the
     *                                bootstrap servers when Kafka does not answer within the Kafka
     *                                timeout, or the topic when an existing one is unusable
     */
    public static EmbeddedSchemaRegistry start(SchemaRegistryServerConfig config) {
        Objects.requireNonNull(config, "config");
        long deadline = SchemaTopic.deadline(config.kafkaTimeout());
        HttpServer server = bind(config);
        int port = server.getAddress().getPort();
        // closed in reverse order of opening: HTTP first, then writer, reader, admin
        Deque<Resource> resources = new ArrayDeque<>();
        try {
            ObjectMapper mapper = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            TopicRecordCodec codec = new TopicRecordCodec(mapper);
            RegistryState state = new RegistryState(config.defaultCompatibility());
            SchemaTopic topic = new SchemaTopic(config);

            Admin admin = Admin.create(topic.adminProperties("schema-registry-admin-" + port));
            resources.push(() -> admin.close(CLOSE_TIMEOUT));
            topic.ensureExists(admin, deadline);

            TopicReader reader = new TopicReader(topic, state, codec, "schema-registry-reader-" + port);
            resources.push(reader::close);
            reader.start();
            TopicSync sync = new TopicSync(admin, topic, state, reader::expedite);
            try {
                sync.catchUp(deadline, "Reading topic " + config.topic());
            } catch (RegistryException e) {
                throw new LocalPlatformException("could not read topic " + config.topic() + ": " + e.getMessage(), e);
            }

            TopicWriter writer = new TopicWriter(topic, state, sync, "schema-registry-writer-" + port);
            resources.push(writer::close);
            RegistryCommands commands = new RegistryCommands(state, writer, codec, config.kafkaTimeout());
            RegistryEndpoints endpoints = new RegistryEndpoints(
                    new RegistryQueries(state, sync, config.kafkaTimeout()), commands);
            ThreadPoolExecutor executor = httpExecutor(port);
            resources.push(() -> {
                executor.shutdownNow();
                executor.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            });
            server.setExecutor(executor);
            Optional<KafkaLogins> kafkaLogins = config.kafkaLogins()
                    ? Optional.of(KafkaLogins.against(topic, "schema-registry-login-check-" + port)) : Optional.empty();
            server.createContext("/", new HttpFront(endpoints.router(), mapper,
                    new BasicAuthCheck(config.basicAuthUsers(), kafkaLogins)));
            server.start();
            resources.push(() -> server.stop(0));

            String url = (config.keyStore().isPresent() ? "https://" : "http://") + (config.host().contains(":") ? "[" + config.host() + "]" : config.host())
                    + ":" + port;
            LOG.info("Schema registry serving at {} (topic {} on Kafka at {}, {} schema id(s) so far, {}, {})",
                    url, config.topic(), config.bootstrapServers(), state.maxId(), config.requiresAuthentication()
                            ? "basic auth for " + config.basicAuthUsers().size() + " user(s)"
                            + (config.kafkaLogins() ? " and Kafka's users" : "") : "no authentication",
                    config.keyStore().isPresent() ? "TLS" : "no TLS");
            return new EmbeddedSchemaRegistry(url, port, commands, writer, resources);
        } catch (RuntimeException e) {
            server.stop(0);
            closeAll(resources);
            throw new LocalPlatformException("schema registry on " + config.host() + ":" + port + " (topic "
                    + config.topic() + " on Kafka at " + config.bootstrapServers() + ") failed to start: "
                    + e.getMessage(), e);
        }
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8081} ({@code https://} with a key store). */
    public String url() {
        return url;
    }

    /** The HTTP port, the chosen one when the config asked for a free port. */
    public int port() {
        return port;
    }

    /**
     * Sets the compatibility level of each subject, as {@code PUT /config/{subject}} does for one, but
     * in one write (one Kafka transaction) for all of them; subjects that have the level already are
     * left out, so on a restart nothing is written. Returns once this registry answers the new levels.
     *
     * @throws IllegalStateException when the registry is closed
     * @throws LocalPlatformException naming the bootstrap servers when Kafka does not take the write
     *                                within the registry's Kafka timeout
     */
    public void setSubjectCompatibility(Map<String, CompatibilityLevel> levels) {
        Objects.requireNonNull(levels, "levels");
        if (closed.get()) {
            throw new IllegalStateException("schema registry at " + url + " is closed");
        }
        try {
            commands.setLevels(levels);
        } catch (RegistryException e) {
            throw new LocalPlatformException("schema registry at " + url + " could not set the compatibility of "
                    + levels.keySet() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Registers a schema under each subject (as {@code POST /subjects/{subject}/versions} would) in
     * one write (one Kafka transaction); subjects that hold it already are left out, so on a restart
     * nothing is written. Returns its id once this registry answers it under every subject.
     *
     * @throws IllegalStateException when the registry is closed
     * @throws LocalPlatformException naming the subject when its compatibility level refuses the
     *                                schema, or the bootstrap servers when Kafka does not take the
     *                                write within the registry's Kafka timeout
     */
    public int registerUnderEach(List<String> subjects, Schema schema) {
        Objects.requireNonNull(subjects, "subjects");
        Objects.requireNonNull(schema, "schema");
        if (closed.get()) {
            throw new IllegalStateException("schema registry at " + url + " is closed");
        }
        try {
            return commands.registerUnderEach(subjects, schema);
        } catch (RegistryException e) {
            throw new LocalPlatformException("schema registry at " + url + " could not register " + schema.getFullName()
                    + " under " + subjects + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stops at once, as a crashed process would, for fault tests: a write in progress is abandoned
     * where it is (its Kafka transaction left open until the next writer's initialisation aborts
     * it, its caller answered with an error or not at all), then HTTP (open connections dropped),
     * the reader and the admin client stop. A write the crash interrupted either committed before
     * it (every instance on the topic then serves it) or did not happen at all. Idempotent; after
     * it {@link #close()} does nothing.
     */
    public void crash() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        writer.abandon();
        closeAll(resources);
        LOG.info("Schema registry at {} crashed (on purpose)", url);
    }

    /** Stops HTTP, then the writer (finishing a running write, bounded), the reader and the admin client. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeAll(resources);
        LOG.info("Schema registry at {} closed", url);
    }

    private static HttpServer bind(SchemaRegistryServerConfig config) {
        String address = config.host() + ":" + config.port();
        if (System.getProperty(JDK_HTTP_NODELAY) == null) {
            System.setProperty(JDK_HTTP_NODELAY, "true");
        }
        try {
            InetSocketAddress socket = new InetSocketAddress(InetAddress.getByName(config.host()), config.port());
            if (config.keyStore().isPresent()) {
                HttpsServer server = HttpsServer.create(socket, HTTP_BACKLOG);
                server.setHttpsConfigurator(new HttpsConfigurator(config.keyStore().get().serverContext()));
                return server;
            }
            return HttpServer.create(socket, HTTP_BACKLOG);
        } catch (BindException e) {
            throw new LocalPlatformException("schema registry port " + address + " is in use (" + e.getMessage()
                    + "); stop what uses it or choose another port");
        } catch (UnknownHostException e) {
            throw new LocalPlatformException("schema registry host '" + config.host() + "' is unknown", e);
        } catch (IOException e) {
            throw new LocalPlatformException("schema registry cannot listen on " + address + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new LocalPlatformException("schema registry cannot serve HTTPS: " + e.getMessage(), e);
        }
    }

    private static ThreadPoolExecutor httpExecutor(int port) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(HTTP_QUEUE), runnable -> {
                    Thread thread = new Thread(runnable, "schema-registry-http-" + port + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    private static void closeAll(Deque<Resource> resources) {
        while (!resources.isEmpty()) {
            Resource resource = resources.pop();
            try {
                resource.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (KafkaException e) {
                // keep closing the rest: one client failing to close must not leak the others
                LOG.warn("closing the schema registry: {}", e.getMessage());
            }
        }
    }
}
