package io.agentevents.cli;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.connection.ClusterConnection;

import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Where the platform is and which topics are its: the options shared by the commands that read
 * and write events ({@code emit}, {@code tail}, {@code dlq}), the {@link ClusterAddress} and {@code --prefix}.
 */
final class ClusterOptions {

    @Mixin
    ClusterAddress address;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = Domain.DEFAULT_TOPIC_PREFIX,
            description = "Topic prefix: domain topics are PREFIX.<domain>, dead-letter topics PREFIX.<domain>.dlq. "
                    + "Default: ${DEFAULT-VALUE}.")
    String prefix;

    /**
     * The connection the flags name.
     *
     * @throws CommandLine.ParameterException naming the flag that is bad
     */
    ClusterConnection connection(CommandLine commandLine) {
        return address.connection(commandLine);
    }
}
