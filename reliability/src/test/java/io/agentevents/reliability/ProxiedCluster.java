package io.agentevents.reliability;

import io.agentevents.local.kafka.EmbeddedKafka;
import io.agentevents.local.kafka.EmbeddedKafkaConfig;
import io.agentevents.local.registry.EmbeddedSchemaRegistry;
import io.agentevents.local.registry.SchemaRegistryServerConfig;
import io.agentevents.local.testing.faults.FaultNetwork;
import io.agentevents.schemas.topics.TopicLayout;

/**
 * The network scenarios' own 3-node cluster, every link behind a fault proxy ({@link FaultNetwork}):
 * clients reach each node through its client proxy, and every directed controller and broker link
 * between two nodes has a proxy of its own. The schema registry beside it is a client like the
 * others (through the proxies). Started once for {@link NetworkFaultsIT} and closed after it; it
 * shares nothing with the {@link ReliabilityCluster} the other scenarios run on. Thread-safe.
 */
final class ProxiedCluster implements AutoCloseable {
    static final int NODES = 3;

    private final FaultNetwork network;
    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;

    private ProxiedCluster(FaultNetwork network, EmbeddedKafka kafka, EmbeddedSchemaRegistry registry) {
        this.network = network;
        this.kafka = kafka;
        this.registry = registry;
    }

    static ProxiedCluster start() {
        long started = System.nanoTime();
        FaultNetwork network = new FaultNetwork();
        EmbeddedKafka kafka = null;
        try {
            kafka = EmbeddedKafka.start(network.routes(EmbeddedKafkaConfig.nodes(NODES)));
            EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                    SchemaRegistryServerConfig.of(kafka.bootstrapServers()));
            System.out.printf("proxied cluster: %d nodes at %s (%d proxies), registry %s, ready in %.1f s%n", NODES,
                    kafka.bootstrapServers(), network.proxies().size(), registry.url(), (System.nanoTime() - started) / 1e9);
            return new ProxiedCluster(network, kafka, registry);
        } catch (RuntimeException e) {
            if (kafka != null) {
                kafka.close();
            }
            network.close();
            throw e;
        }
    }

    /** The client proxies of every node. */
    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    String schemaRegistryUrl() {
        return registry.url();
    }

    FaultNetwork network() {
        return network;
    }

    EmbeddedKafka kafka() {
        return kafka;
    }

    /** Replication 3, {@code min.insync.replicas} 2, 3 partitions, under a prefix no other test uses. */
    TopicLayout layout(String name) {
        return TopicLayout.local(NODES).withPrefix(uniqueName(name));
    }

    String uniqueName(String prefix) {
        return ReliabilityCluster.unique(prefix);
    }

    @Override
    public void close() {
        network.clearAll(); // no cut may hold the nodes' goodbyes
        try {
            registry.close();
        } finally {
            try {
                kafka.close();
            } finally {
                network.close();
            }
        }
    }
}
