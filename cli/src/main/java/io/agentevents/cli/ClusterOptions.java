package io.agentevents.cli;

import io.agentevents.schemas.Domain;

import picocli.CommandLine.Option;

/** Where the platform is: the options shared by the commands that read events ({@code tail}, {@code dlq}). */
final class ClusterOptions {

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:9092",
            description = "Kafka bootstrap servers. Default: ${DEFAULT-VALUE} (eventbus local).")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL", defaultValue = "http://127.0.0.1:8081",
            description = "Schema registry URL. Default: ${DEFAULT-VALUE} (eventbus local).")
    String registry;

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = Domain.DEFAULT_TOPIC_PREFIX,
            description = "Topic prefix: domain topics are PREFIX.<domain>, dead-letter topics PREFIX.<domain>.dlq. "
                    + "Default: ${DEFAULT-VALUE}.")
    String prefix;
}
