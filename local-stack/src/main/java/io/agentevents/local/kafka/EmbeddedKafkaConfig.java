package io.agentevents.local.kafka;

import io.agentevents.schemas.clients.Secrets;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run an {@link EmbeddedKafka}: node count, ports, data directory and security.
 * {@link #toString()} masks secret values (see {@link Secrets}).
 *
 * @param nodes             number of combined broker+controller nodes, 1 (default) or 3 (or any count up to 9)
 * @param brokerPorts       client port of each node, 0 meaning "a free port"; empty = all free
 * @param dataDirectory     where logs and metadata live; empty = a temporary directory
 * @param deleteDataOnClose delete the data directory on close (always true for a temporary one)
 * @param brokerOverrides   extra broker properties (e.g. {@code log.retention.ms}), applied last
 * @param security          SASL users, TLS and ACLs; empty = a plaintext listener open to anyone (the default)
 * @param routes            where clients and nodes reach each node ({@link NodeRoutes}, e.g. through fault
 *                          proxies); empty = straight to the nodes' ports (the default)
 */
public record EmbeddedKafkaConfig(
        int nodes,
        List<Integer> brokerPorts,
        Optional<Path> dataDirectory,
        boolean deleteDataOnClose,
        Map<String, String> brokerOverrides,
        Optional<EmbeddedKafkaSecurity> security,
        Optional<NodeRoutes> routes) {

    /** Most nodes a local cluster may have. */
    public static final int MAX_NODES = 9;

    public EmbeddedKafkaConfig {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes must be 1.." + MAX_NODES + ", was " + nodes);
        }
        brokerPorts = List.copyOf(Objects.requireNonNull(brokerPorts, "brokerPorts"));
        if (!brokerPorts.isEmpty() && brokerPorts.size() != nodes) {
            throw new IllegalArgumentException("brokerPorts must name one port per node (" + nodes
                    + "), was " + brokerPorts);
        }
        for (int port : brokerPorts) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("broker port must be 0..65535, was " + port);
            }
        }
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        brokerOverrides = Map.copyOf(Objects.requireNonNull(brokerOverrides, "brokerOverrides"));
        Objects.requireNonNull(security, "security");
        Objects.requireNonNull(routes, "routes");
        if (security.isPresent() && routes.isPresent()) {
            throw new IllegalArgumentException("routes (NodeRoutes) are for plaintext clusters: they cannot be combined "
                    + "with security");
        }
    }

    /** Without routes: every link straight to the nodes' ports. */
    public EmbeddedKafkaConfig(int nodes, List<Integer> brokerPorts, Optional<Path> dataDirectory,
                               boolean deleteDataOnClose, Map<String, String> brokerOverrides,
                               Optional<EmbeddedKafkaSecurity> security) {
        this(nodes, brokerPorts, dataDirectory, deleteDataOnClose, brokerOverrides, security, Optional.empty());
    }

    /** Without security: a plaintext listener, as before security was configurable. */
    public EmbeddedKafkaConfig(int nodes, List<Integer> brokerPorts, Optional<Path> dataDirectory,
                               boolean deleteDataOnClose, Map<String, String> brokerOverrides) {
        this(nodes, brokerPorts, dataDirectory, deleteDataOnClose, brokerOverrides, Optional.empty());
    }

    /** One node on a free port in a temporary directory deleted on close. */
    public static EmbeddedKafkaConfig singleNode() {
        return new EmbeddedKafkaConfig(1, List.of(), Optional.empty(), true, Map.of(), Optional.empty(), Optional.empty());
    }

    /** The given number of nodes on free ports in a temporary directory deleted on close. */
    public static EmbeddedKafkaConfig nodes(int nodes) {
        return new EmbeddedKafkaConfig(nodes, List.of(), Optional.empty(), true, Map.of(), Optional.empty(), Optional.empty());
    }

    public EmbeddedKafkaConfig withBrokerPorts(List<Integer> ports) {
        return new EmbeddedKafkaConfig(nodes, ports, dataDirectory, deleteDataOnClose, brokerOverrides, security, routes);
    }

    /** Keeps data in the given directory, which survives close, so a restart keeps topics and offsets. */
    public EmbeddedKafkaConfig withDataDirectory(Path directory) {
        return new EmbeddedKafkaConfig(nodes, brokerPorts, Optional.of(directory), false, brokerOverrides, security, routes);
    }

    public EmbeddedKafkaConfig withDeleteDataOnClose(boolean delete) {
        return new EmbeddedKafkaConfig(nodes, brokerPorts, dataDirectory, delete, brokerOverrides, security, routes);
    }

    public EmbeddedKafkaConfig withBrokerOverrides(Map<String, String> overrides) {
        return new EmbeddedKafkaConfig(nodes, brokerPorts, dataDirectory, deleteDataOnClose, overrides, security, routes);
    }

    /** Runs the cluster with SASL users, optionally TLS and ACLs (see {@link EmbeddedKafkaSecurity}). */
    public EmbeddedKafkaConfig withSecurity(EmbeddedKafkaSecurity newSecurity) {
        return new EmbeddedKafkaConfig(nodes, brokerPorts, dataDirectory, deleteDataOnClose, brokerOverrides,
                Optional.of(Objects.requireNonNull(newSecurity, "security")), routes);
    }

    /**
     * Routes clients and the nodes' links to each other through addresses of the caller's own
     * (see {@link NodeRoutes}); for plaintext clusters only.
     */
    public EmbeddedKafkaConfig withRoutes(NodeRoutes newRoutes) {
        return new EmbeddedKafkaConfig(nodes, brokerPorts, dataDirectory, deleteDataOnClose, brokerOverrides, security,
                Optional.of(Objects.requireNonNull(newRoutes, "routes")));
    }

    /** The fields, with secret broker overrides and every password masked. */
    @Override
    public String toString() {
        return "EmbeddedKafkaConfig[nodes=" + nodes + ", brokerPorts=" + brokerPorts + ", dataDirectory="
                + dataDirectory.map(Path::toString).orElse("(temporary)") + ", deleteDataOnClose=" + deleteDataOnClose
                + ", brokerOverrides=" + Secrets.masked(brokerOverrides) + ", security="
                + security.map(EmbeddedKafkaSecurity::toString).orElse("none")
                + ", routes=" + (routes.isPresent() ? "given" : "direct") + "]";
    }

    /** The configured port of node {@code index} (0-based), 0 when a free one is to be chosen. */
    int brokerPort(int index) {
        return brokerPorts.isEmpty() ? 0 : brokerPorts.get(index);
    }
}
