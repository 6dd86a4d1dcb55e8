package io.agentevents.cli;

import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.ConnectionSettings;

import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The options of a command that starts the local platform unless told of another Kafka ({@code demo},
 * {@code bench}): {@code --bootstrap}, {@code --registry} and {@code --command-config}. A mixin; its
 * settings are read as {@link ClusterAddress} reads them.
 */
public final class ExternalCluster {
    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Use this Kafka instead of starting the local platform.")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Schema registry of that Kafka. Default with --bootstrap: " + ClusterAddress.LOCAL_REGISTRY + ".")
    String registry;

    @Option(names = "--command-config", paramLabel = "FILE",
            description = "Client settings of that Kafka and registry in Kafka's and Confluent's names (security.protocol, "
                    + "sasl.*, ssl.*, basic.auth.user.info; bootstrap.servers and schema.registry.url stand for --bootstrap "
                    + "and --registry), as eventbus local --sasl writes them. Every process the command starts logs in with "
                    + "it (the demo's agents; the bench's child JVMs and Kafka's tools).")
    Path commandConfig;

    /** The {@code --command-config} file, if given. */
    public Optional<Path> commandConfig() {
        return Optional.ofNullable(commandConfig);
    }

    /**
     * The Kafka the options point the command at, or null when they name none (the command then starts the
     * local platform): {@code --bootstrap}, or {@code bootstrap.servers} in the {@code --command-config} file.
     *
     * @param othersGiven      whether other options that only make sense with such a Kafka were given
     * @param dependentOptions every option that needs such a Kafka, as the error names them, e.g.
     *                         {@code "--registry and --command-config"}
     * @throws CommandLine.ParameterException when the file cannot be read, or dependent options come without a Kafka
     */
    public ClusterConnection connection(CommandLine commandLine, boolean othersGiven, String dependentOptions) {
        if (commandConfig != null && !Files.isReadable(commandConfig)) {
            throw new CommandLine.ParameterException(commandLine, "cannot read --command-config " + commandConfig
                    + ": no such file, or not readable");
        }
        boolean fileNamesKafka = commandConfig != null
                && ConnectionSettings.readClientProperties(commandConfig).containsKey("bootstrap.servers");
        if (bootstrap == null && !fileNamesKafka) {
            if (othersGiven || registry != null || commandConfig != null) {
                throw new CommandLine.ParameterException(commandLine, dependentOptions + " need --bootstrap (or "
                        + "bootstrap.servers in the --command-config file)");
            }
            return null;
        }
        return ClusterAddress.connection(commandLine, bootstrap, registry, commandConfig, System.getenv());
    }
}
