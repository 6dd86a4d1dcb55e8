package io.agentevents.local.registry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Answers whether Kafka accepts a login ({@code user}, {@code password}), for registry requests
 * whose basic-auth credentials are none of the configured users: a short-lived admin client logs
 * in as that user, with the registry's own security protocol, SASL mechanism and trust settings,
 * and asks for the cluster's nodes, within {@link #CHECK_TIMEOUT} at most.
 *
 * <p><b>Caching.</b> An accepted login is remembered for {@link #ACCEPTED_FOR}, a refused one for
 * {@link #REFUSED_FOR} (so a client retrying a wrong password cannot make the registry hammer
 * Kafka), each keyed by an HMAC-SHA-256 of {@code user:password} under a random key made for this
 * instance: neither the password nor an unkeyed digest of it is kept. So a password changed or a
 * user removed in Kafka still opens the registry for up to {@link #ACCEPTED_FOR}, and a user just
 * added may be refused for up to {@link #REFUSED_FOR} if it tried before Kafka knew it. When Kafka
 * does not answer in time nothing is cached and the request fails with a retriable timeout
 * (HTTP 500, error code 50002). At most {@link #MAX_CACHED} outcomes are kept; concurrent requests
 * with the same credentials wait for one check.
 *
 * <p>A user name or password holding a double quote, a backslash or a control character is
 * refused without asking Kafka: it would have to be escaped into the client's JAAS setting.
 *
 * <p>Thread-safe.
 */
final class KafkaLogins {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaLogins.class);

    /** The longest a check waits on Kafka. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);
    /** How long an accepted login is remembered. */
    static final Duration ACCEPTED_FOR = Duration.ofSeconds(30);
    /** How long a refused login is remembered. */
    static final Duration REFUSED_FOR = Duration.ofSeconds(3);
    /** The most outcomes remembered at once; beyond it, new outcomes are not remembered until old ones expire. */
    static final int MAX_CACHED = 10_000;

    private static final String HMAC = "HmacSHA256";
    /** Nothing is pending once a check has its answer: closing only tears the connection down. */
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);

    /** One login attempt against Kafka. */
    @FunctionalInterface
    interface Probe {
        /**
         * Whether Kafka accepts the login.
         *
         * @throws RegistryException (timeout) when Kafka did not answer in time
         */
        boolean accepts(String user, String password);
    }

    private record Outcome(boolean accepted, long expiresAtNanos) {
    }

    private final Probe probe;
    private final LongSupplier nanoTime;
    private final SecretKeySpec key;
    private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Boolean>> running = new ConcurrentHashMap<>();

    KafkaLogins(Probe probe, LongSupplier nanoTime) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
    }

    /** Checks logins against the Kafka of this topic, logging in as each user with the topic's client settings. */
    static KafkaLogins against(SchemaTopic topic, String clientId) {
        return new KafkaLogins(new AdminProbe(topic, clientId), System::nanoTime);
    }

    /**
     * Whether Kafka accepts this login, from the cache when it was checked lately.
     *
     * @throws RegistryException (timeout, retriable) when Kafka did not answer within {@link #CHECK_TIMEOUT}
     */
    boolean accepts(String user, String password) {
        if (!escapable(user) || !escapable(password)) {
            return false;
        }
        String id = keyOf(user, password);
        Outcome known = outcomes.get(id);
        if (known != null && known.expiresAtNanos() - nanoTime.getAsLong() > 0) {
            return known.accepted();
        }
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> other = running.putIfAbsent(id, mine);
        if (other != null) {
            return awaitOther(other, user);
        }
        try {
            boolean accepted = probe.accepts(user, password);
            remember(id, accepted);
            mine.complete(accepted);
            return accepted;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(id, mine);
        }
    }

    private boolean awaitOther(CompletableFuture<Boolean> other, String user) {
        try {
            return other.get(CHECK_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RegistryException registry ? registry
                    : RegistryException.storeError("Checking the Kafka login of '" + user + "' failed: " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw RegistryException.timeout("Checking the Kafka login of '" + user + "' took longer than "
                    + CHECK_TIMEOUT.toMillis() * 2 + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.timeout("Interrupted while checking the Kafka login of '" + user + "'", e);
        }
    }

    private void remember(String id, boolean accepted) {
        long now = nanoTime.getAsLong();
        if (outcomes.size() >= MAX_CACHED) {
            outcomes.values().removeIf(outcome -> outcome.expiresAtNanos() - now <= 0);
        }
        if (outcomes.size() < MAX_CACHED) {
            outcomes.put(id, new Outcome(accepted, now + (accepted ? ACCEPTED_FOR : REFUSED_FOR).toNanos()));
        }
    }

    private String keyOf(String user, String password) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has " + HMAC, e);
        }
    }

    /** Whether the value can be put between double quotes in a JAAS setting as it is. */
    private static boolean escapable(String value) {
        return value.chars().noneMatch(c -> c == '"' || c == '\\' || Character.isISOControl(c));
    }

    /** Logs in with a new admin client per check and asks for the cluster's nodes. */
    private record AdminProbe(SchemaTopic topic, String clientId) implements Probe {
        @Override
        public boolean accepts(String user, String password) {
            int timeoutMs = (int) CHECK_TIMEOUT.toMillis();
            Admin admin = null;
            try {
                admin = Admin.create(topic.loginCheckProperties(clientId, user, password, timeoutMs));
                admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
                        .nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
                return true;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthenticationException) {
                    LOG.debug("Kafka refused the registry login of '{}': {}", user, e.getCause().getMessage());
                    return false;
                }
                throw RegistryException.timeout("Kafka at " + topic.bootstrapServers() + " could not check the login of '"
                        + user + "': " + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw RegistryException.timeout("Kafka at " + topic.bootstrapServers() + " did not answer within "
                        + timeoutMs + " ms to check the login of '" + user + "'", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RegistryException.timeout("Interrupted while checking the Kafka login of '" + user + "'", e);
            } catch (KafkaException e) {
                throw RegistryException.storeError("Cannot check the Kafka login of '" + user + "': " + e.getMessage(), e);
            } finally {
                if (admin != null) {
                    admin.close(CLOSE_TIMEOUT);
                }
            }
        }
    }
}
