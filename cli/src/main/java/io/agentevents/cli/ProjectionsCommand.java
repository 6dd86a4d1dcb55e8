package io.agentevents.cli;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.connection.ConnectionSettings;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.RegisteredSchema;
import io.agentevents.schemas.topics.SubjectProvisioner;
import io.agentevents.schemas.topics.TopicProvisioner;
import io.agentevents.streams.app.ProjectionsConfig;
import io.agentevents.consumer.deadletter.DeadLetterConfig;
import io.agentevents.platform.console.ConsoleDeadLetters;
import io.agentevents.streams.app.ProjectionsService;
import io.agentevents.streams.console.DeadLetterDesk;
import io.agentevents.streams.app.ProjectionsSetting;

import org.apache.kafka.clients.admin.Admin;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code eventbus projections}: the projections service (audit trail, plan state, event rates and
 * their HTTP query API) as a process of its own, what the container image runs by default.
 *
 * <p>Configuration: the {@code EVENTBUS_*} environment variables of {@link ProjectionsSetting}
 * (read by {@link ProjectionsConfig#fromEnvironment}), overridden by the flags; where neither names
 * Kafka or the registry, the addresses of {@code eventbus local} (127.0.0.1:9092,
 * http://127.0.0.1:8081). A bad flag or variable is a usage error (exit 2) naming it.
 *
 * <p>Before starting, it creates the domain topics it reads and their dead-letter topics when they
 * are missing (existing topics are left as they are; {@code --no-create-topics} skips this): the
 * projections do not start their streams before every domain topic exists (health
 * {@code WAITING_FOR_TOPICS}), and on a fresh cluster no producer may have made them yet. Beside
 * the topics it registers the contract under every domain subject (idempotent, as
 * {@code eventbus schemas register} does), so producers in any language find it. It then
 * prints {@code projections ready: <url>} and runs until SIGTERM or Ctrl-C, when it closes cleanly.
 */
@Command(name = "projections", mixinStandardHelpOptions = true,
        description = {"Run the projections service: fold the domain topics into the audit trail, plan state and "
                + "event rates (Kafka Streams, exactly once) and serve them over the HTTP query API.",
                "Configured by the EVENTBUS_* environment variables (docs/projections.md); flags override them. "
                        + "Prints 'projections ready: <url>' and runs until SIGTERM or Ctrl-C."})
final class ProjectionsCommand implements Callable<Integer> {

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers. Default: $EVENTBUS_BOOTSTRAP_SERVERS, else " + ClusterAddress.LOCAL_BOOTSTRAP
                    + " (eventbus local).")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Schema registry URL(s), comma-separated. Default: $EVENTBUS_SCHEMA_REGISTRY_URL, else "
                    + ClusterAddress.LOCAL_REGISTRY + " (eventbus local).")
    String registry;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client settings in Kafka's and Confluent's names, as Kafka's tools take them: security.protocol, "
                    + "sasl.*, ssl.*, basic.auth.user.info (and bootstrap.servers, schema.registry.url); eventbus local "
                    + "--sasl writes one. Its settings win over the EVENTBUS_KAFKA_* and EVENTBUS_SCHEMA_REGISTRY_* variables; "
                    + "--bootstrap and --registry win over it.")
    Path commandConfig;

    @Option(names = "--prefix", paramLabel = "PREFIX",
            description = "Topic prefix: the domain topics read are PREFIX.<domain>. Default: $EVENTBUS_TOPIC_PREFIX, else "
                    + Domain.DEFAULT_TOPIC_PREFIX + ".")
    String prefix;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Port of the query API (0 = any free port). Default: $EVENTBUS_PROJECTIONS_HTTP_PORT, else 8080.")
    Integer httpPort;

    @Option(names = "--http-host", paramLabel = "HOST",
            description = "Address the query API binds to (0.0.0.0 in a container). "
                    + "Default: $EVENTBUS_PROJECTIONS_HTTP_HOST, else 127.0.0.1.")
    String httpHost;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Directory of the state stores; keep it across restarts to resume instead of restoring. "
                    + "Default: $EVENTBUS_PROJECTIONS_STATE_DIR, else a temporary directory deleted on exit.")
    Path stateDir;

    @Option(names = "--no-create-topics",
            description = "Do not create the missing domain topics (<prefix>.<domain>) and their .dlq topics, nor "
                    + "register the contract under their subjects, before starting: the projections then wait until a "
                    + "producer or an administrator creates them.")
    boolean noCreateTopics;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    /** Reads the process environment. */
    ProjectionsCommand() {
        this(System.getenv());
    }

    /** Reads {@code environment} instead of the process environment (for tests). */
    ProjectionsCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    @Override
    public Integer call() throws InterruptedException {
        ProjectionsConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        if (noCreateTopics) {
            ClusterReachability.require(config.connection(), ClusterReachability.WITHIN);
        } else {
            ensureDomainTopics(config, out);
            registerContract(config, out);
        }
        DeadLetterDesk deadLetters = ConsoleDeadLetters.open(new DeadLetterConfig(config.connection(), config.topics().prefix(),
                DeadLetterConfig.DEFAULT_READ_TIMEOUT, DeadLetterConfig.DEFAULT_REPLAY_TIMEOUT),
                ConsoleDeadLetters.operatorsFrom(environment));
        ProjectionsService.run(config, Optional.of(deadLetters), printStream(out));
        return 0;
    }

    /**
     * The configuration: the environment, the flags written over it, the local addresses where
     * neither names Kafka or the registry.
     *
     * @throws CommandLine.ParameterException naming the flag or variable that is bad
     */
    ProjectionsConfig config() {
        CommandLine commandLine = spec.commandLine();
        Map<String, String> env = new HashMap<>(environment);
        defaultWhenUnset(env, ProjectionsSetting.BOOTSTRAP_SERVERS, ClusterAddress.LOCAL_BOOTSTRAP);
        defaultWhenUnset(env, ProjectionsSetting.SCHEMA_REGISTRY_URL, ClusterAddress.LOCAL_REGISTRY);
        if (bootstrap != null) {
            env.put(ProjectionsSetting.BOOTSTRAP_SERVERS.environmentVariable(),
                    ClusterAddress.flag(commandLine, ConnectionSettings.BOOTSTRAP_SERVERS, bootstrap, "--bootstrap"));
        }
        if (registry != null) {
            ClusterAddress.flag(commandLine, ConnectionSettings.SCHEMA_REGISTRY_URL, registry, "--registry");
            env.put(ProjectionsSetting.SCHEMA_REGISTRY_URL.environmentVariable(), registry.trim());
        }
        if (prefix != null) {
            if (prefix.isBlank()) {
                throw new CommandLine.ParameterException(commandLine, "--prefix must not be blank");
            }
            env.put(ProjectionsSetting.TOPIC_PREFIX.environmentVariable(), prefix.trim());
        }
        if (httpPort != null) {
            if (httpPort < 0 || httpPort > 65_535) {
                throw new CommandLine.ParameterException(commandLine, "--http-port must be 0..65535, was " + httpPort);
            }
            env.put(ProjectionsSetting.HTTP_PORT.environmentVariable(), Integer.toString(httpPort));
        }
        if (httpHost != null) {
            if (httpHost.isBlank()) {
                throw new CommandLine.ParameterException(commandLine, "--http-host must not be blank");
            }
            env.put(ProjectionsSetting.HTTP_HOST.environmentVariable(), httpHost.trim());
        }
        if (stateDir != null) {
            if (stateDir.toString().isBlank()) {
                throw new CommandLine.ParameterException(commandLine, "--state-dir must not be blank");
            }
            env.put(ProjectionsSetting.STATE_DIR.environmentVariable(), stateDir.toString());
        }
        try {
            ProjectionsConfig fromEnvironment = ProjectionsConfig.fromEnvironment(env);
            return commandConfig == null ? fromEnvironment : fromEnvironment.withConnection(
                    ClusterAddress.connection(commandLine, bootstrap, registry, commandConfig, env));
        } catch (IllegalArgumentException e) {
            // a SettingException names its variable (EVENTBUS_PROJECTIONS_HTTP_PORT must be 0..65535, was '70000');
            // any other is about a combination of settings
            throw new CommandLine.ParameterException(commandLine, "bad environment: " + e.getMessage());
        }
    }

    /**
     * The layout the missing domain topics are created with: the configured prefix and partitions;
     * the configured replication factor, or when that is the broker's default (-1), as many replicas
     * as there are brokers, up to 3; {@code min.insync.replicas} 2 when there are at least 2 replicas.
     */
    static TopicLayout domainTopicLayout(ProjectionsConfig config, int brokers) {
        int replication = config.replicationFactor() > 0 ? config.replicationFactor() : Math.max(1, Math.min(3, brokers));
        return new TopicLayout(config.topics().prefix(), config.topics().partitions(), (short) replication,
                Math.min(2, replication));
    }

    private void ensureDomainTopics(ProjectionsConfig config, PrintWriter out) {
        Admin admin = Admin.create(config.adminProperties(ADMIN_TIMEOUT));
        // closing waits for the admin's pending calls: not for the unanswered reachability check (it took 33 s
        // to report "cannot reach Kafka ... within 10 s")
        Duration closeWithin = ADMIN_TIMEOUT;
        try {
            int brokers;
            try {
                brokers = ClusterReachability.brokers(admin, config.connection().bootstrapServers(), ClusterReachability.WITHIN);
            } catch (IllegalStateException unreachable) {
                closeWithin = Duration.ZERO;
                throw unreachable;
            }
            TopicLayout layout = domainTopicLayout(config, brokers);
            List<String> created = TopicProvisioner.provision(admin, layout, ADMIN_TIMEOUT);
            int wanted = layout.domainTopics().size() + layout.deadLetterTopics().size();
            out.println(created.isEmpty()
                    ? "topics: the " + wanted + " domain and dead-letter topics (" + layout.prefix() + ".<domain>[.dlq]) exist"
                    : "topics: created " + created.size() + " of the " + wanted + " domain and dead-letter topics ("
                            + layout.prefix() + ".<domain>[.dlq]), " + layout.partitions() + " partitions, replication "
                            + layout.replicationFactor());
            out.flush();
        } finally {
            admin.close(closeWithin);
        }
    }

    /** Registers the contract under every domain subject (idempotent), as {@code eventbus schemas register} does. */
    static void registerContract(ProjectionsConfig config, PrintWriter out) {
        try (HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(config.connection().registry())) {
            List<RegisteredSchema> registered = SubjectProvisioner.register(registry, config.topics().prefix());
            out.println("schemas: the contract is registered under the " + registered.size() + " domain subjects ("
                    + config.topics().prefix() + ".<domain>-value), id " + registered.get(0).id());
            out.flush();
        }
    }

    private static void defaultWhenUnset(Map<String, String> env, ProjectionsSetting setting, String value) {
        String current = env.get(setting.environmentVariable());
        if (current == null || current.isBlank()) {
            env.put(setting.environmentVariable(), value);
        }
    }

    /**
     * A print stream writing to {@code writer}: what {@link ProjectionsService#run} prints goes to the
     * command line's output (the ready line is flushed at once).
     */
    private static PrintStream printStream(PrintWriter writer) {
        OutputStream bytes = new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) {
                pending.write(b);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) {
                pending.write(b, off, len);
            }

            @Override
            public synchronized void flush() {
                writer.print(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
                writer.flush();
            }
        };
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
