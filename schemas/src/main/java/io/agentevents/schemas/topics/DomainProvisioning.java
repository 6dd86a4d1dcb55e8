package io.agentevents.schemas.topics;

import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.connection.ClusterReachability;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.RegisteredSchema;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Makes a running cluster ready for the events of one topic prefix, as {@code eventbus projections}
 * does before it starts: the domain topics and their dead-letter topics created where missing
 * ({@link TopicProvisioner}: existing topics are left as they are), and the contract registered under
 * every domain subject ({@link SubjectProvisioner}). Idempotent and stateless; each call opens and
 * closes its own clients.
 */
public final class DomainProvisioning {
    /** How long each admin or registry request may take. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private DomainProvisioning() {
    }

    /**
     * What {@link #ensureTopics} did.
     *
     * @param layout  the layout the missing topics were created with
     * @param created the topics it created, empty when every one existed
     */
    public record Topics(TopicLayout layout, List<String> created) {
        public Topics {
            created = List.copyOf(created);
        }

        /** One line saying what was there and what was made, e.g. {@code topics: created 22 of the 22 ...}. */
        public String summary() {
            int wanted = layout.domainTopics().size() + layout.deadLetterTopics().size();
            String topics = " domain and dead-letter topics (" + layout.prefix() + ".<domain>[.dlq])";
            return created.isEmpty() ? "topics: the " + wanted + topics + " exist"
                    : "topics: created " + created.size() + " of the " + wanted + topics + ", " + layout.partitions()
                            + " partitions, replication " + layout.replicationFactor();
        }
    }

    /**
     * The layout missing domain topics are created with: {@code replicationFactor} replicas, or when it is
     * the broker's default (-1 or 0), as many as there are brokers, up to 3; {@code min.insync.replicas} 2
     * when there are at least 2 replicas.
     */
    public static TopicLayout layout(String prefix, int partitions, int replicationFactor, int brokers) {
        TopicLayout layout = TopicLayout.local(brokers).withPrefix(prefix).withPartitions(partitions);
        return replicationFactor > 0 ? layout.withReplication((short) replicationFactor) : layout;
    }

    /**
     * Creates the missing domain and dead-letter topics of {@code prefix}.
     *
     * @param replicationFactor the replicas of a new topic, or -1 for as many as there are brokers, up to 3
     * @throws IllegalStateException naming the bootstrap servers when Kafka does not answer within
     *         {@link ClusterReachability#WITHIN}, or naming what failed
     */
    public static Topics ensureTopics(ClusterConnection connection, String prefix, int partitions, int replicationFactor) {
        Map<String, Object> props = connection.adminProperties(REQUEST_TIMEOUT);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "eventbus-provisioning");
        Admin admin = Admin.create(props);
        // closing waits for the admin's pending calls: not for the unanswered reachability check (it took 33 s
        // to report "cannot reach Kafka ... within 10 s")
        Duration closeWithin = REQUEST_TIMEOUT;
        try {
            int brokers;
            try {
                brokers = ClusterReachability.brokers(admin, connection.bootstrapServers(), ClusterReachability.WITHIN);
            } catch (IllegalStateException unreachable) {
                closeWithin = Duration.ZERO;
                throw unreachable;
            }
            TopicLayout layout = layout(prefix, partitions, replicationFactor, brokers);
            return new Topics(layout, TopicProvisioner.provision(admin, layout, REQUEST_TIMEOUT));
        } finally {
            admin.close(closeWithin);
        }
    }

    /**
     * Registers the contract under every domain subject of {@code prefix} (idempotent), as
     * {@code eventbus schemas register} does.
     *
     * @return each subject's version holding the contract, with its id (the same for all)
     * @throws io.agentevents.schemas.registry.SchemaRegistryException when the registry is unreachable or
     *         a subject's compatibility level refuses the contract
     */
    public static List<RegisteredSchema> registerContract(ClusterConnection connection, String prefix) {
        try (HttpSchemaRegistryClient registry = new HttpSchemaRegistryClient(connection.registry())) {
            return SubjectProvisioner.register(registry, prefix);
        }
    }
}
