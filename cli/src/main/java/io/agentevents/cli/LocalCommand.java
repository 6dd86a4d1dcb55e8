package io.agentevents.cli;

import io.agentevents.local.LocalPlatform;
import io.agentevents.local.LocalPlatformConfig;
import io.agentevents.local.kafka.EmbeddedKafkaSecurity;
import io.agentevents.platform.LocalAdmin;
import io.agentevents.platform.RunningPlatform;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.topics.TopicLayout;

import org.apache.kafka.streams.KafkaStreams;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code eventbus local}: runs the platform on this machine until Ctrl-C or SIGTERM. Prints the
 * addresses, then {@code ready} once everything answers: Kafka, the registry (topics and subject
 * compatibility provisioned) and the projections (RUNNING, so the query API's {@code /health}
 * answers 200).
 */
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

    @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = Domain.DEFAULT_TOPIC_PREFIX,
            description = "Topic prefix: domain topics are PREFIX.<domain>, dead-letter topics PREFIX.<domain>.dlq. "
                    + "Default: ${DEFAULT-VALUE}.")
    String prefix;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Keep Kafka's data (topics, offsets, schemas) here across restarts. Default: a temporary directory deleted on exit.")
    Path dataDir;

    @Option(names = "--brokers", paramLabel = "N", defaultValue = "1",
            description = "Number of Kafka nodes, 1..3. Default: ${DEFAULT-VALUE}.")
    int brokers;

    @Option(names = "--sasl", paramLabel = "PROTOCOL", arity = "0..1", fallbackValue = "SASL_PLAINTEXT",
            description = {"Secure the platform (docs/security.md): Kafka takes only SASL/SCRAM-SHA-512 logins, "
                    + "over TLS with a self-signed certificate for SASL_SSL (PROTOCOL: SASL_PLAINTEXT, the default, or SASL_SSL), "
                    + "ACLs are enforced, and the registry takes only basic auth. The admin user is '" + LocalAdmin.USER
                    + "', with the password in " + LocalAdmin.PASSWORD_VARIABLE + ", else the one a previous start on --data-dir wrote to "
                    + "DIR/" + RunningPlatform.ADMIN_CLIENT_SETTINGS + ", else a random one; its client settings are "
                    + "written to that owner-only file, whose path is printed."})
    String sasl;

    /** After this long without RUNNING (a restart may restore large stores first), say what is awaited. */
    private static final Duration SLOW_START_NOTICE = Duration.ofSeconds(30);
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        LocalPlatformConfig config;
        LocalAdmin admin = sasl == null ? null : LocalAdmin.resolve(System.getenv(), Optional.ofNullable(dataDir));
        try {
            config = new LocalPlatformConfig(kafkaPort, registryPort, httpPort, Optional.ofNullable(dataDir),
                    brokers, prefix);
            if (admin != null) {
                config = config.withSecurity(admin.security(sasl));
            }
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("starting the local platform (" + brokers + " broker" + (brokers == 1 ? "" : "s") + ") ...");
        out.flush();
        RunningPlatform running = RunningPlatform.start(config);
        LocalPlatform platform = running.platform();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "eventbus-local-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        TopicLayout layout = platform.topicLayout();
        out.println("kafka:           " + platform.bootstrapServers());
        out.println("schema registry: " + platform.schemaRegistryUrl());
        out.println("topics:          " + layout.domainTopics().size() + " domain topics (" + layout.prefix()
                + ".<domain>) and their .dlq topics, " + layout.partitions() + " partitions, replication "
                + layout.replicationFactor());
        out.println("query API:       " + running.queryUrl());
        out.println("metrics:         " + running.queryUrl() + "/metrics (Prometheus text; docs/observability.md)");
        out.println("console:         " + running.queryUrl() + "/ (web console: plans, rates, dead letters, health; live)");
        if (platform.security().isPresent()) {
            out.println("security:        " + platform.kafka().securityProtocol() + " (" + EmbeddedKafkaSecurity.MECHANISM
                    + "), ACLs enforced, registry basic auth; super user '" + LocalAdmin.USER + "'");
            out.println("admin password:  " + admin.origin());
            out.println("query API users: " + running.queryUsersFile().orElseThrow() + " (admin only, HTTP basic auth: "
                    + "plan --query-url http://admin:PASSWORD@" + running.queryUrl().replaceFirst("^https?://", "") + ")");
            out.println("client settings: " + running.writeAdminClientSettings() + " (owner-only: holds the admin password "
                    + "and query API token; eventbus emit/tail/dlq/plan/audit --command-config FILE)");
        }
        out.println("data:            " + platform.kafka().dataDirectory()
                + (dataDir == null ? " (temporary, deleted on exit)" : ""));
        out.flush();
        KafkaStreams.State state = running.awaitProjections(stopped, SLOW_START_NOTICE, slow -> {
            out.println("waiting for the projections (" + slow + "); ready follows when " + running.queryUrl() + "/health answers");
            out.flush();
        });
        if (state != KafkaStreams.State.RUNNING) {
            if (stopped.getCount() == 0) {
                return 0; // stopped (Ctrl-C) while starting
            }
            throw new IllegalStateException("the projections failed to start (state " + state + "); see the log above");
        }
        out.println("eventbus local ready (Ctrl-C to stop)");
        out.flush();
        stopped.await();
        return 0;
    }
}
