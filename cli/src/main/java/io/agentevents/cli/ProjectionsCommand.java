package io.agentevents.cli;

import io.agentevents.consumer.deadletter.DeadLetterConfig;
import io.agentevents.platform.console.ConsoleDeadLetters;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.connection.ClusterReachability;
import io.agentevents.schemas.registry.RegisteredSchema;
import io.agentevents.schemas.topics.DomainProvisioning;
import io.agentevents.streams.app.ProjectionsConfig;
import io.agentevents.streams.app.ProjectionsService;
import io.agentevents.streams.app.ProjectionsSetting;
import io.agentevents.streams.console.DeadLetterDesk;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
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

    @Mixin
    ClusterAddress address;

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
            out.println(DomainProvisioning.ensureTopics(config.connection(), config.topics().prefix(),
                    config.topics().partitions(), config.replicationFactor()).summary());
            out.flush();
            registerContract(config, out);
        }
        DeadLetterDesk deadLetters = ConsoleDeadLetters.open(new DeadLetterConfig(config.connection(), config.topics().prefix(),
                DeadLetterConfig.DEFAULT_READ_TIMEOUT, DeadLetterConfig.DEFAULT_REPLAY_TIMEOUT),
                ConsoleDeadLetters.operatorsFrom(environment));
        ProjectionsService.run(config, Optional.of(deadLetters), out);
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
            return address.namesNothing() ? fromEnvironment : fromEnvironment.withConnection(address.connection(commandLine, env));
        } catch (IllegalArgumentException e) {
            // a SettingException names its variable (EVENTBUS_PROJECTIONS_HTTP_PORT must be 0..65535, was '70000');
            // any other is about a combination of settings
            throw new CommandLine.ParameterException(commandLine, "bad environment: " + e.getMessage());
        }
    }

    /** Registers the contract under every domain subject (idempotent), as {@code eventbus schemas register} does. */
    static void registerContract(ProjectionsConfig config, PrintWriter out) {
        List<RegisteredSchema> registered = DomainProvisioning.registerContract(config.connection(), config.topics().prefix());
        out.println("schemas: the contract is registered under the " + registered.size() + " domain subjects ("
                + config.topics().prefix() + ".<domain>-value), id " + registered.get(0).id());
        out.flush();
    }

    private static void defaultWhenUnset(Map<String, String> env, ProjectionsSetting setting, String value) {
        String current = env.get(setting.environmentVariable());
        if (current == null || current.isBlank()) {
            env.put(setting.environmentVariable(), value);
        }
    }
}
