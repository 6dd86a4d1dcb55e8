package io.agentevents.cli;

import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.ConnectionSettings;
import io.agentevents.schemas.connection.Setting;
import io.agentevents.schemas.connection.SettingException;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.util.Map;

/**
 * Where Kafka and the schema registry are: the {@code --bootstrap} and {@code --registry} options,
 * defaulting to the addresses of {@code eventbus local}, of the commands that talk to a running
 * platform (through {@link ClusterOptions}: {@code emit}, {@code tail} and {@code dlq}).
 */
final class ClusterAddress {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers. Default: ${DEFAULT-VALUE} (eventbus local).")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL", defaultValue = "http://127.0.0.1:8081",
            description = "Schema registry URL. Default: ${DEFAULT-VALUE} (eventbus local).")
    String registry;

    /**
     * The connection the flags name.
     *
     * @throws CommandLine.ParameterException naming the flag that is bad
     */
    ClusterConnection connection(CommandLine commandLine) {
        return new ClusterConnection(flag(commandLine, ConnectionSettings.BOOTSTRAP_SERVERS, bootstrap, "--bootstrap"),
                flag(commandLine, ConnectionSettings.SCHEMA_REGISTRY_URL, registry, "--registry"), Map.of());
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
