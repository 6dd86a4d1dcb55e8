package io.agentevents.schemas.serde;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How the {@link io.agentevents.schemas.DomainEvent} serde uses the schema registry. Immutable.
 *
 * <p>Subjects follow Confluent's {@code TopicNameStrategy}: {@code <topic>-value} for record values,
 * {@code <topic>-key} for keys, e.g. {@code events.plan-value}.
 *
 * @param autoRegister whether the serializer registers the current schema under the subject
 *                     ({@code true}, the default, like Confluent's {@value #AUTO_REGISTER_SCHEMAS})
 *                     or only looks it up and fails when it is not registered ({@code false}, for
 *                     registries where a pipeline registers schemas and producers may not)
 * @param key          whether the serde handles record keys ({@code <topic>-key}) rather than values
 */
public record SerdeConfig(boolean autoRegister, boolean key) {

    /** Confluent's property: whether the serializer registers its schema ({@code true} by default). */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    /** Auto-registration on, for record values: the defaults. */
    public static SerdeConfig defaults() {
        return new SerdeConfig(true, false);
    }

    /**
     * The configuration held by Kafka-style properties ({@value #AUTO_REGISTER_SCHEMAS}: a
     * {@link Boolean} or the text {@code true} / {@code false}), for keys or values.
     *
     * @throws IllegalArgumentException naming the property when its value is not a boolean
     */
    public static SerdeConfig fromProperties(Map<String, ?> props, boolean isKey) {
        Objects.requireNonNull(props, "props");
        Object value = props.get(AUTO_REGISTER_SCHEMAS);
        boolean autoRegister;
        if (value == null) {
            autoRegister = true;
        } else if (value instanceof Boolean flag) {
            autoRegister = flag;
        } else {
            String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
            if (!text.equals("true") && !text.equals("false")) {
                throw new IllegalArgumentException(AUTO_REGISTER_SCHEMAS + ": expected true or false, got '" + value + "'");
            }
            autoRegister = Boolean.parseBoolean(text);
        }
        return new SerdeConfig(autoRegister, isKey);
    }

    /** This configuration with auto-registration on or off. */
    public SerdeConfig withAutoRegister(boolean autoRegister) {
        return new SerdeConfig(autoRegister, key);
    }

    /** This configuration for record keys ({@code true}) or values ({@code false}). */
    public SerdeConfig withKey(boolean key) {
        return new SerdeConfig(autoRegister, key);
    }

    /** The subject of a topic: {@code <topic>-key} or {@code <topic>-value}. */
    public String subject(String topic) {
        Objects.requireNonNull(topic, "topic");
        return topic + (key ? "-key" : "-value");
    }
}
