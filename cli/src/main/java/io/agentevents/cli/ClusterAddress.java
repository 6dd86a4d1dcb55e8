package io.agentevents.cli;

import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.ConnectionSettings;
import io.agentevents.schemas.connection.Setting;
import io.agentevents.schemas.connection.SettingException;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where Kafka and the schema registry are and how to log in to them: the {@code --bootstrap},
 * {@code --registry} and {@code --command-config} options of the commands that talk to a running
 * platform ({@code emit}, and through {@link ClusterOptions} {@code tail}, {@code dlq} and the
 * others). Each setting is taken from the first of: its flag, the {@code --command-config} file
 * (Kafka's and Confluent's names, as Kafka's tools take it), the {@code EVENTBUS_*} variables,
 * the address of {@code eventbus local}.
 */
public final class ClusterAddress {
    /** Kafka of {@code eventbus local}: where a command connects when nothing else names one. */
    static final String LOCAL_BOOTSTRAP = "127.0.0.1:9092";
    /** The registry of {@code eventbus local}: where a command connects when nothing else names one. */
    static final String LOCAL_REGISTRY = "http://127.0.0.1:8081";

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers. Default: bootstrap.servers of --command-config, else "
                    + "$EVENTBUS_BOOTSTRAP_SERVERS, else " + LOCAL_BOOTSTRAP + " (eventbus local).")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Schema registry URL(s), comma-separated. Default: schema.registry.url of --command-config, else "
                    + "$EVENTBUS_SCHEMA_REGISTRY_URL, else " + LOCAL_REGISTRY + " (eventbus local).")
    String registry;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client settings in Kafka's and Confluent's names, as Kafka's tools take them: security.protocol, "
                    + "sasl.*, ssl.*, basic.auth.user.info (and bootstrap.servers, schema.registry.url); eventbus local "
                    + "--sasl writes one. Without it: the EVENTBUS_KAFKA_* and EVENTBUS_SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO "
                    + "variables.")
    Path commandConfig;

    /** Whether none of the three options was given. */
    boolean namesNothing() {
        return bootstrap == null && registry == null && commandConfig == null;
    }

    /**
     * The connection the flags, the file and the process environment name.
     *
     * @throws CommandLine.ParameterException naming the flag, file or variable that is bad
     */
    ClusterConnection connection(CommandLine commandLine) {
        return connection(commandLine, System.getenv());
    }

    /** The connection the flags, the file and {@code environment} name. */
    ClusterConnection connection(CommandLine commandLine, Map<String, String> environment) {
        return connection(commandLine, bootstrap, registry, commandConfig, environment);
    }

    /**
     * The connection given flag values (each may be null), a {@code --command-config} file (or null)
     * and {@code environment} name, each setting taken from the first of them that has it, else the
     * address of {@code eventbus local}.
     *
     * @throws CommandLine.ParameterException naming the flag, file or variable that is bad
     */
    public static ClusterConnection connection(CommandLine commandLine, String bootstrap, String registry, Path commandConfig,
                                        Map<String, String> environment) {
        Map<String, String> settings = new HashMap<>();
        settings.put("bootstrap.servers", LOCAL_BOOTSTRAP);
        settings.put("schema.registry.url", LOCAL_REGISTRY);
        settings.putAll(ConnectionSettings.clientPropertiesFromEnvironment(environment));
        String source = "the EVENTBUS_* variables";
        if (commandConfig != null) {
            source = "--command-config " + commandConfig;
            settings.putAll(CommandArguments.commandConfig(commandLine, commandConfig));
        }
        if (bootstrap != null) {
            settings.put("bootstrap.servers", flag(commandLine, ConnectionSettings.BOOTSTRAP_SERVERS, bootstrap, "--bootstrap"));
        }
        if (registry != null) {
            flag(commandLine, ConnectionSettings.SCHEMA_REGISTRY_URL, registry, "--registry");
            settings.put("schema.registry.url", registry.trim());
        }
        try {
            return ConnectionSettings.fromClientProperties(settings);
        } catch (SettingException e) {
            throw new CommandLine.ParameterException(commandLine, "bad client settings in " + source + ": " + e.getMessage());
        }
    }

    /**
     * A flag's value read as its setting reads it (the same checks as its {@code EVENTBUS_*} variable).
     *
     * @throws CommandLine.ParameterException naming the flag when the value is blank or bad
     */
    static <T> T flag(CommandLine commandLine, Setting<T> setting, String value, String flag) {
        if (value == null || value.isBlank()) {
            throw new CommandLine.ParameterException(commandLine, flag + " must not be blank");
        }
        try {
            return setting.parse(value, flag);
        } catch (SettingException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }
}
