package io.agentevents.cli;

import io.agentevents.local.LocalPlatform;
import io.agentevents.local.LocalPlatformConfig;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.app.ProjectionsApp;
import io.agentevents.streams.app.ProjectionsConfig;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code eventbus local}: runs the platform on this machine until Ctrl-C or SIGTERM. */
@Command(name = "local", mixinStandardHelpOptions = true,
        description = {"Run the platform on this machine with no Docker: a real KRaft Kafka broker, "
                + "a Confluent-API schema registry, the domain topics and the projections with their query API.",
                "Prints each address and a line containing 'ready'; stops cleanly on Ctrl-C or SIGTERM."})
final class LocalCommand implements Callable<Integer> {

    @Option(names = "--kafka-port", paramLabel = "PORT", defaultValue = "9092",
            description = "Kafka client port of the first broker (the others take the next ports; 0 = any free port). Default: ${DEFAULT-VALUE}.")
    int kafkaPort;

    @Option(names = "--registry-port", paramLabel = "PORT", defaultValue = "8081",
            description = "Schema registry port (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int registryPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
            description = "Port of the projections' HTTP query API (0 = any free port). Default: ${DEFAULT-VALUE}.")
    int httpPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep Kafka's data (topics, offsets, schemas) here across restarts. Default: a temporary directory deleted on exit.")
    Path dataDir;

    @Option(names = "--brokers", paramLabel = "N", defaultValue = "1",
            description = "Number of Kafka nodes, 1..3. Default: ${DEFAULT-VALUE}.")
    int brokers;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        LocalPlatformConfig config;
        try {
            config = new LocalPlatformConfig(kafkaPort, registryPort, httpPort, Optional.ofNullable(dataDir),
                    brokers, io.agentevents.schemas.Domain.DEFAULT_TOPIC_PREFIX);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("starting the local platform (" + brokers + " broker" + (brokers == 1 ? "" : "s") + ") ...");
        out.flush();
        LocalPlatform platform = LocalPlatform.start(config);
        ProjectionsApp projections;
        try {
            ProjectionsConfig projectionsConfig = ProjectionsConfig.defaults(platform.bootstrapServers(), platform.schemaRegistryUrl())
                    .withTopics(platform.topicLayout())
                    .withHttpPort(httpPort)
                    .withReplicationFactor(platform.topicLayout().replicationFactor());
            if (dataDir != null) {
                projectionsConfig = projectionsConfig.withStateDirectory(dataDir.resolve("projections"));
            }
            projections = ProjectionsApp.start(projectionsConfig);
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            projections.close();
            platform.close();
            stopped.countDown();
        }, "eventbus-local-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        TopicLayout layout = platform.topicLayout();
        out.println("kafka:           " + platform.bootstrapServers());
        out.println("schema registry: " + platform.schemaRegistryUrl());
        out.println("topics:          " + layout.domainTopics().size() + " domain topics (" + layout.prefix()
                + ".<domain>) and their .dlq topics, " + layout.partitions() + " partitions, replication "
                + layout.replicationFactor());
        out.println("query API:       " + projections.url());
        out.println("data:            " + platform.kafka().dataDirectory()
                + (dataDir == null ? " (temporary, deleted on exit)" : ""));
        out.println("eventbus local ready (Ctrl-C to stop)");
        out.flush();
        stopped.await();
        return 0;
    }
}
