package io.agentevents.local.kafka;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Where the links of an {@link EmbeddedKafka} go, for tests that put something between the nodes
 * and their peers (a fault proxy, see the test kit's {@code FaultProxy}). Without routes (the
 * default) every link goes straight to the port the node listens on.
 *
 * <p>With routes, each link may be given an address of the test's own that forwards to the target:
 * <ul>
 *   <li>{@link Kind#CLIENT}: the address a node advertises to clients (from {@code 0}, "any client"),
 *       which is also what {@link EmbeddedKafka#bootstrapServers()} names;</li>
 *   <li>{@link Kind#CONTROLLER}: the address node {@code from} uses for node {@code to}'s controller
 *       (its entry in {@code from}'s {@code controller.quorum.voters}): Raft between the controllers and
 *       {@code from}'s broker heartbeats;</li>
 *   <li>{@link Kind#BROKER}: the address node {@code from} uses for node {@code to}'s broker: replication
 *       fetches and transaction markers. Each node gets one inter-broker listener per peer for this
 *       ({@code BROKER_FROM_<n>}), so that each directed link between two brokers has an address of its
 *       own and one node can be isolated from the others while clients still reach it.</li>
 * </ul>
 * A node's links to itself are never routed. {@link #route} is called for every other link each time
 * the cluster is started (not when one node is restarted), before any node runs, with the
 * 127.0.0.1 address the target listens on; the returned address must forward to it (it need not
 * be listening yet). Routes are for plaintext clusters: they cannot be combined with security.
 */
@FunctionalInterface
public interface NodeRoutes {

    /** What a link carries. */
    enum Kind {
        /** Clients (producers, consumers, admin) to a node's client listener. */
        CLIENT,
        /** A node to another node's controller listener. */
        CONTROLLER,
        /** A node's broker to another node's broker (replication). */
        BROKER
    }

    /**
     * One directed link.
     *
     * @param kind what it carries
     * @param from the node that connects, 1..n; 0 for clients
     * @param to   the node connected to, 1..n
     */
    record Link(Kind kind, int from, int to) {
        public Link {
            Objects.requireNonNull(kind, "kind");
            if (from < 0 || to < 1 || from == to) {
                throw new IllegalArgumentException("a link goes from a client (0) or node to another node (1..n), was "
                        + from + " -> " + to);
            }
            if ((kind == Kind.CLIENT) != (from == 0)) {
                throw new IllegalArgumentException("only client links (and all of them) start at 0, was " + kind
                        + " from " + from);
            }
        }
    }

    /** The address to use for {@code link}, forwarding to {@code target} (where the node listens). */
    InetSocketAddress route(Link link, InetSocketAddress target);
}
