package io.agentevents.local.kafka;

import io.agentevents.local.LocalPlatformException;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The cluster's identity in its data directory ({@value #CLUSTER_FILE}): its id, its node count and
 * whether its storage was formatted with SCRAM users, so a restart on the same directory is checked
 * against what the directory holds. Stateless.
 */
final class ClusterFile {
    private static final String CLUSTER_FILE = "cluster.properties";
    /** Set when the storage was formatted with SCRAM users. */
    private static final String SCRAM_USERS_PROPERTY = "scram.users";

    private ClusterFile() {
    }

    /** The cluster id kept in the data directory, or a new one for a fresh directory. */
    static String clusterIdFor(Path directory, EmbeddedKafkaConfig config) {
        int nodes = config.nodes();
        Path file = directory.resolve(CLUSTER_FILE);
        Properties props = new Properties();
        try {
            if (Files.exists(file)) {
                try (InputStream in = Files.newInputStream(file)) {
                    props.load(in);
                }
                int previousNodes = Integer.parseInt(props.getProperty("nodes", "1"));
                if (previousNodes != nodes) {
                    throw new LocalPlatformException("data directory " + directory + " holds a cluster of "
                            + previousNodes + " node(s); start it with " + previousNodes
                            + " node(s) or use another data directory");
                }
                if (config.security().isPresent() && !Boolean.parseBoolean(props.getProperty(SCRAM_USERS_PROPERTY))) {
                    throw new LocalPlatformException("data directory " + directory + " holds a cluster formatted "
                            + "without SASL users, so its brokers could not log in to each other; start it without "
                            + "security or use another data directory");
                }
                return props.getProperty("cluster.id");
            }
            String clusterId = Uuid.randomUuid().toString();
            props.setProperty("cluster.id", clusterId);
            props.setProperty("nodes", Integer.toString(nodes));
            props.setProperty(SCRAM_USERS_PROPERTY, Boolean.toString(config.security().isPresent()));
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "embedded Kafka cluster identity; delete the whole directory to start afresh");
            }
            return clusterId;
        } catch (IOException e) {
            throw new LocalPlatformException("cannot read or write " + file + ": " + e.getMessage(), e);
        }
    }
}
