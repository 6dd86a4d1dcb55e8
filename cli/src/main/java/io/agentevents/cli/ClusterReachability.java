package io.agentevents.cli;

import io.agentevents.schemas.connection.ClusterConnection;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks Kafka for its brokers before a command that would otherwise wait for it silently (a
 * subscriber polls an unreachable cluster for ever): the command fails within a bounded time,
 * naming the address it could not reach. Stateless; each call opens and closes its own admin client.
 */
final class ClusterReachability {
    /** How long a command waits for Kafka to answer before it gives up. */
    static final Duration WITHIN = Duration.ofSeconds(10);

    private ClusterReachability() {
    }

    /**
     * Returns when Kafka at the connection's bootstrap servers answered within {@code within}.
     *
     * @throws IllegalStateException naming the bootstrap servers when it did not
     */
    static void require(ClusterConnection connection, Duration within) {
        Map<String, Object> props = new HashMap<>(connection.clientProperties());
        int millis = (int) Math.min(Integer.MAX_VALUE, within.toMillis());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "eventbus-cli-reachability");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        Admin admin = Admin.create(props);
        try {
            brokers(admin, connection.bootstrapServers(), within);
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    /**
     * The number of brokers {@code admin} sees, asked within {@code within}.
     *
     * @throws IllegalStateException naming {@code bootstrap} when Kafka did not answer in time
     */
    static int brokers(Admin admin, String bootstrap, Duration within) {
        try {
            return admin.describeCluster().nodes().get(within.toMillis(), TimeUnit.MILLISECONDS).size();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + " within " + within.toSeconds() + " s: "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + " within " + within.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reaching Kafka at " + bootstrap, e);
        }
    }
}
