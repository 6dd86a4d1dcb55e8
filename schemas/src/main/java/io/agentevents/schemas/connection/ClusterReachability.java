package io.agentevents.schemas.connection;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Asks Kafka for its brokers before work that would otherwise wait for it silently (a subscriber
 * polls an unreachable cluster for ever): the caller fails within a bounded time, naming the address
 * it could not reach. Stateless and thread-safe; {@link #require} opens and closes its own admin client.
 */
public final class ClusterReachability {
    /** How long the {@code eventbus} commands wait for Kafka (or the registry) to answer before they give up. */
    public static final Duration WITHIN = Duration.ofSeconds(10);

    private ClusterReachability() {
    }

    /**
     * Returns when Kafka at the connection's bootstrap servers answered within {@code within}.
     *
     * @throws IllegalStateException naming the bootstrap servers when it did not
     */
    public static void require(ClusterConnection connection, Duration within) {
        Map<String, Object> props = connection.adminProperties(within);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "eventbus-reachability");
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, within.toMillis()));
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
    public static int brokers(Admin admin, String bootstrap, Duration within) {
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
