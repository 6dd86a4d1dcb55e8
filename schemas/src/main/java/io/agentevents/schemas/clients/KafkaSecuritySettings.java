package io.agentevents.schemas.clients;

import java.util.Map;
import java.util.Objects;

/**
 * The security settings every client of the platform passes to Kafka unchanged: only
 * {@code security.*}, {@code ssl.*} and {@code sasl.*} names, so that a typed configuration cannot
 * override what its guarantees rest on (acks, idempotence, isolation level). Stateless.
 */
public final class KafkaSecuritySettings {
    private KafkaSecuritySettings() {
    }

    /**
     * An unmodifiable copy of {@code settings}.
     *
     * @throws IllegalArgumentException naming the first setting that is not a security setting
     */
    public static Map<String, String> checked(Map<String, String> settings) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(settings, "kafkaSecurity"));
        for (String key : copy.keySet()) {
            if (!(key.startsWith("security.") || key.startsWith("ssl.") || key.startsWith("sasl."))) {
                throw new IllegalArgumentException("kafkaSecurity may only hold security.*, ssl.* and sasl.* settings, found '"
                        + key + "'");
            }
        }
        return copy;
    }
}
