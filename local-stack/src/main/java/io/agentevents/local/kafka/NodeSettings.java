package io.agentevents.local.kafka;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * The broker and controller settings of an {@link EmbeddedKafka} node and the arguments its
 * storage is formatted with. Kafka properties appear only here. Stateless.
 */
final class NodeSettings {
    static final String PLAINTEXT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    /** The controller listener's mechanism: SCRAM credentials live in the metadata controllers serve. */
    private static final String CONTROLLER_MECHANISM = "PLAIN";

    private NodeSettings() {
    }

    /**
     * Kafka's {@code kafka-storage format --add-scram} arguments, one per user:
     * {@code SCRAM-SHA-512=[name=alice,password=alice-secret]}; the storage's bootstrap metadata then
     * holds each user's salted credential (4096 iterations), so the users exist from the first start.
     */
    static List<String> scramArguments(EmbeddedKafkaSecurity security) {
        List<String> arguments = new ArrayList<>();
        security.allUsers().forEach((user, password) ->
                arguments.add(EmbeddedKafkaSecurity.MECHANISM + "=[name=" + user + ",password=" + password + "]"));
        return arguments;
    }

    /**
     * Where one node listens and what it tells others: the client listener's port and advertised
     * address, the controller port, the voters as this node reaches them and, with routes, one
     * inter-broker listener per node of the cluster ({@link #peerListener}) with the address this
     * node advertises for it. No peer listeners: the client listener carries inter-broker traffic
     * too (the default).
     */
    record Addresses(int brokerPort, String clientAdvertised, int controllerPort, String voters,
                     List<PeerListener> peers) {
        /** Every link straight to the node's ports. */
        static Addresses direct(int brokerPort, int controllerPort, String voters) {
            return new Addresses(brokerPort, "127.0.0.1:" + brokerPort, controllerPort, voters, List.of());
        }
    }

    /** The inter-broker listener node {@code from} uses for this node: its port and advertised address. */
    record PeerListener(int from, int port, String advertised) {
    }

    /** The inter-broker listener node {@code from} fetches through, on every node. */
    static String peerListener(int from) {
        return "BROKER_FROM_" + from;
    }

    /** The settings of one node with direct links (no routes). */
    static Map<String, Object> brokerProperties(EmbeddedKafkaConfig config, int id, int brokerPort, int controllerPort,
                                                String voters, Path directory, Optional<SelfSignedTls> tls) {
        return brokerProperties(config, id, Addresses.direct(brokerPort, controllerPort, voters), directory, tls);
    }

    /** The settings of one node: its listeners, the quorum, replication of internal topics, a small footprint, security, overrides. */
    static Map<String, Object> brokerProperties(EmbeddedKafkaConfig config, int id, Addresses addresses, Path directory,
                                                Optional<SelfSignedTls> tls) {
        int brokerPort = addresses.brokerPort();
        int controllerPort = addresses.controllerPort();
        String voters = addresses.voters();
        int count = config.nodes();
        String replication = Integer.toString(Math.min(3, count));
        String minIsr = Integer.toString(Math.min(2, count));
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(id));
        props.put("controller.quorum.voters", voters);
        StringJoiner listeners = new StringJoiner(",").add(PLAINTEXT_LISTENER + "://127.0.0.1:" + brokerPort)
                .add(CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        StringJoiner advertised = new StringJoiner(",").add(PLAINTEXT_LISTENER + "://" + addresses.clientAdvertised());
        StringJoiner protocols = new StringJoiner(",").add(PLAINTEXT_LISTENER + ":PLAINTEXT")
                .add(CONTROLLER_LISTENER + ":PLAINTEXT");
        for (PeerListener peer : addresses.peers()) {
            listeners.add(peerListener(peer.from()) + "://127.0.0.1:" + peer.port());
            advertised.add(peerListener(peer.from()) + "://" + peer.advertised());
            protocols.add(peerListener(peer.from()) + ":PLAINTEXT");
        }
        props.put("listeners", listeners.toString());
        props.put("advertised.listeners", advertised.toString());
        props.put("listener.security.protocol.map", protocols.toString());
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", addresses.peers().isEmpty() ? PLAINTEXT_LISTENER : peerListener(id));
        props.put("log.dirs", directory.toString());
        props.put("metadata.log.dir", directory.toString());
        props.put("default.replication.factor", replication);
        props.put("offsets.topic.replication.factor", replication);
        props.put("offsets.topic.num.partitions", "12");
        props.put("transaction.state.log.replication.factor", replication);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("transaction.state.log.num.partitions", "12");
        props.put("share.coordinator.state.topic.replication.factor", replication);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("group.initial.rebalance.delay.ms", "0");
        // a small local footprint: fewer threads, a small cleaner buffer
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("background.threads", "4");
        props.put("log.cleaner.threads", "1");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        if (count > 1) {
            // A controlled shutdown needs a controller quorum to approve it; the last nodes of a
            // cluster being closed have none and Kafka would wait five minutes. So nodes of a
            // multi-node cluster stop abruptly, as in a crash, and the controller fences a stopped
            // node once its session times out (kept short here).
            props.put("controlled.shutdown.enable", "false");
            props.put("broker.session.timeout.ms", "4000");
            props.put("broker.heartbeat.interval.ms", "500");
        }
        config.security().ifPresent(security -> props.putAll(securityProperties(security, tls, brokerPort, controllerPort)));
        props.putAll(config.brokerOverrides());
        return props;
    }

    /**
     * The listeners with authentication: clients and brokers on the client listener with SCRAM
     * (the brokers as the admin user), brokers and controllers on the controller listener with
     * PLAIN, whose only user is the admin (SCRAM credentials live in the metadata the controllers
     * serve, so a controller cannot use them itself). TLS on both when asked; the standard
     * authorizer with the admin as super user when ACLs are on.
     */
    private static Map<String, Object> securityProperties(EmbeddedKafkaSecurity security, Optional<SelfSignedTls> tls,
                                                          int brokerPort, int controllerPort) {
        String client = security.protocol().name();
        String controllerProtocol = security.tls() ? "SASL_SSL" : "SASL_PLAINTEXT";
        String admin = security.adminUser();
        String password = security.adminPassword();
        Map<String, Object> props = new HashMap<>();
        props.put("listeners", client + "://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", client + "://127.0.0.1:" + brokerPort);
        props.put("listener.security.protocol.map", client + ":" + client + "," + CONTROLLER_LISTENER + ":" + controllerProtocol);
        props.put("inter.broker.listener.name", client);
        props.put("sasl.mechanism.inter.broker.protocol", EmbeddedKafkaSecurity.MECHANISM);
        props.put("sasl.mechanism.controller.protocol", CONTROLLER_MECHANISM);

        String clientPrefix = "listener.name." + client.toLowerCase(Locale.ROOT) + ".";
        props.put(clientPrefix + "sasl.enabled.mechanisms", EmbeddedKafkaSecurity.MECHANISM);
        props.put(clientPrefix + EmbeddedKafkaSecurity.MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                EmbeddedKafkaSecurity.scramJaas(admin, password));
        String controllerPrefix = "listener.name." + CONTROLLER_LISTENER.toLowerCase(Locale.ROOT) + ".";
        props.put(controllerPrefix + "sasl.enabled.mechanisms", CONTROLLER_MECHANISM);
        props.put(controllerPrefix + CONTROLLER_MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + admin
                        + "\" password=\"" + password + "\" user_" + admin + "=\"" + password + "\";");
        tls.ifPresent(store -> {
            props.put("ssl.keystore.location", store.keyStore().toString());
            props.put("ssl.keystore.password", store.password());
            props.put("ssl.key.password", store.password());
            props.put("ssl.keystore.type", SelfSignedTls.STORE_TYPE);
            props.put("ssl.truststore.location", store.trustStore().toString());
            props.put("ssl.truststore.password", store.password());
            props.put("ssl.truststore.type", SelfSignedTls.STORE_TYPE);
        });
        if (security.acls()) {
            props.put("authorizer.class.name", EmbeddedKafkaSecurity.AUTHORIZER);
            props.put("super.users", security.adminPrincipal());
            props.put("allow.everyone.if.no.acl.found", "false");
        }
        return props;
    }

}
