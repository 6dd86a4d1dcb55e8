package io.agentevents.local.testing.faults;

import io.agentevents.local.kafka.EmbeddedKafkaConfig;
import io.agentevents.local.kafka.NodeRoutes;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The network of an embedded Kafka cluster made of {@link FaultProxy}s: one proxy per link
 * ({@link NodeRoutes.Link}), made when the cluster asks for its routes. Give it to the cluster with
 * {@link #routes(EmbeddedKafkaConfig)} (or {@link EmbeddedKafkaConfig#withRoutes}); then clients reach
 * each node through its client proxy ({@link #client}), and every directed link between two nodes,
 * controller ({@link #controller}) or broker ({@link #broker}), has a proxy of its own, so one node
 * can be cut from the others while clients still reach it ({@link #isolate}).
 *
 * <pre>{@code
 * FaultNetwork network = new FaultNetwork();
 * EmbeddedKafka kafka = EmbeddedKafka.start(network.routes(EmbeddedKafkaConfig.nodes(3)));
 * network.client(1).add(new Toxic.Latency(Duration.ofMillis(100), Duration.ofMillis(20)));
 * network.isolate(2);   // node 2 cut from the quorum and the other brokers; clients still reach it
 * network.healAll();
 * }</pre>
 *
 * <p>Thread-safe. A restart of the whole cluster asks for the routes again: a link keeps its proxy
 * (and toxics) when its target is unchanged, and otherwise gets a new proxy on the same port.
 * {@link #close()} closes every proxy; close it after the cluster.
 */
public final class FaultNetwork implements NodeRoutes, AutoCloseable {
    private final Map<Link, FaultProxy> proxies = new ConcurrentHashMap<>();

    /** {@code config} routed through this network's proxies. */
    public EmbeddedKafkaConfig routes(EmbeddedKafkaConfig config) {
        return config.withRoutes(this);
    }

    @Override
    public synchronized InetSocketAddress route(Link link, InetSocketAddress target) {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(target, "target");
        FaultProxy proxy = proxies.get(link);
        if (proxy != null && !proxy.upstream().equals(target)) {
            int port = proxy.port();
            proxy.close();
            proxy = FaultProxy.start(name(link), port, target);
            proxies.put(link, proxy);
        } else if (proxy == null) {
            proxy = FaultProxy.start(name(link), target);
            proxies.put(link, proxy);
        }
        return new InetSocketAddress("127.0.0.1", proxy.port());
    }

    /** The proxy clients reach node {@code node} through. */
    public FaultProxy client(int node) {
        return proxy(new Link(Kind.CLIENT, 0, node));
    }

    /** The proxy node {@code from} reaches node {@code to}'s controller through. */
    public FaultProxy controller(int from, int to) {
        return proxy(new Link(Kind.CONTROLLER, from, to));
    }

    /** The proxy node {@code from} reaches node {@code to}'s broker through (replication). */
    public FaultProxy broker(int from, int to) {
        return proxy(new Link(Kind.BROKER, from, to));
    }

    /** Every proxy, by link. */
    public Map<Link, FaultProxy> proxies() {
        return Map.copyOf(proxies);
    }

    /**
     * Cuts node {@code node} from every other node, both ways, controller and broker links alike,
     * while clients still reach it: a partition with the node (and its clients) on one side. Returns
     * the proxies cut.
     */
    public List<FaultProxy> isolate(int node) {
        return cutWhere(link -> link.kind() != Kind.CLIENT && (link.from() == node || link.to() == node));
    }

    /** Heals every cut of every proxy. */
    public void healAll() {
        proxies.values().forEach(FaultProxy::heal);
    }

    /** Removes every toxic of every proxy. */
    public void clearAll() {
        proxies.values().forEach(FaultProxy::clear);
    }

    private List<FaultProxy> cutWhere(Predicate<Link> which) {
        List<FaultProxy> cut = new ArrayList<>();
        proxies.forEach((link, proxy) -> {
            if (which.test(link)) {
                proxy.cut();
                cut.add(proxy);
            }
        });
        return cut;
    }

    private FaultProxy proxy(Link link) {
        FaultProxy proxy = proxies.get(link);
        if (proxy == null) {
            throw new IllegalArgumentException("no proxy for " + link + " (has the cluster been started with this network? "
                    + "links are " + proxies.keySet() + ")");
        }
        return proxy;
    }

    private static String name(Link link) {
        return link.kind().name().toLowerCase(Locale.ROOT) + "-" + link.from() + "-" + link.to();
    }

    @Override
    public void close() {
        proxies.values().forEach(FaultProxy::close);
        proxies.clear();
    }
}
