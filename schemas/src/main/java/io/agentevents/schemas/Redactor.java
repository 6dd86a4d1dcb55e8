package io.agentevents.schemas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Masks secrets in an event's details before they are shown anywhere (the audit log of
 * the logging bus ({@code LoggingEventBus}) and the web console's audit timeline).
 * Immutable and thread-safe.
 *
 * <p><b>Which keys.</b> A key is sensitive when, after <em>normalising</em> (lower-case, and every
 * character that is not a letter or digit removed: {@code X-Api-Key} becomes {@code xapikey}), it
 * <em>contains</em> one of the configured names, normalised the same way. So with the default
 * names (password, secret, token, api_key, authorization, cookie) {@code password},
 * {@code DB_PASSWORD}, {@code dbPassword}, {@code X-Api-Key}, {@code apiKey}, {@code access_token},
 * {@code client-secret}, {@code Proxy-Authorization} and {@code Set-Cookie} are all sensitive. Containment is chosen over
 * exact matching because a secret under a key we did not foresee leaks, while an over-eager match
 * only hides a value from a log line.
 *
 * <p><b>Which values.</b> Under a sensitive key, a string, list or map (the whole subtree) is
 * replaced by {@value #MASK}. Numbers, booleans and null are kept: they cannot carry a credential
 * string, and this keeps counts such as {@code max_tokens: 4096} or {@code tokens_used: 12}
 * readable although their keys contain {@code token}. Keys are matched at every depth: maps inside
 * lists inside maps.
 *
 * <p>{@link #redact} returns a new, unmodifiable copy and never modifies its argument.
 */
public final class Redactor {
    /** What a sensitive value is replaced with. */
    public static final String MASK = "***";
    /** The names {@link #defaults()} masks. */
    public static final List<String> DEFAULT_KEYS =
            List.of("password", "secret", "token", "api_key", "authorization", "cookie");

    private static final Redactor DEFAULTS = new Redactor(DEFAULT_KEYS);
    private static final Redactor NONE = new Redactor(List.of());

    private final List<String> keys;
    private final Set<String> normalizedKeys;

    private Redactor(Collection<String> keys) {
        Set<String> given = new LinkedHashSet<>();
        Set<String> normalized = new LinkedHashSet<>();
        for (String key : keys) {
            Objects.requireNonNull(key, "a key name is null");
            String norm = normalize(key);
            if (norm.isEmpty()) {
                throw new IllegalArgumentException("key name '" + key
                        + "' has no letter or digit, so it would match every key");
            }
            if (normalized.add(norm)) {
                given.add(key);
            }
        }
        this.keys = List.copyOf(given);
        this.normalizedKeys = Collections.unmodifiableSet(normalized);
    }

    /** Masks {@link #DEFAULT_KEYS}. */
    public static Redactor defaults() {
        return DEFAULTS;
    }

    /** Masks nothing. */
    public static Redactor none() {
        return NONE;
    }

    /**
     * Masks keys containing any of the given names (see the class description).
     *
     * @throws IllegalArgumentException naming a name that has no letter or digit
     */
    public static Redactor of(Collection<String> keys) {
        Objects.requireNonNull(keys, "keys");
        return new Redactor(keys);
    }

    /** Masks keys containing any of the given names. */
    public static Redactor of(String... keys) {
        Objects.requireNonNull(keys, "keys");
        return new Redactor(Arrays.asList(keys));
    }

    /** A redactor masking these names as well as this one's. */
    public Redactor withAdditionalKeys(String... moreKeys) {
        Objects.requireNonNull(moreKeys, "moreKeys");
        List<String> all = new ArrayList<>(keys);
        all.addAll(Arrays.asList(moreKeys));
        return new Redactor(all);
    }

    /** The configured names, as given, without duplicates. */
    public List<String> keys() {
        return keys;
    }

    /** Whether values under this key are masked. */
    public boolean isSensitive(String key) {
        Objects.requireNonNull(key, "key");
        if (normalizedKeys.isEmpty()) {
            return false;
        }
        String norm = normalize(key);
        for (String sensitive : normalizedKeys) {
            if (norm.contains(sensitive)) {
                return true;
            }
        }
        return false;
    }

    /** A deep, unmodifiable copy of {@code details} with every sensitive value masked; keeps the key order. */
    public Map<String, Object> redact(Map<String, ?> details) {
        Objects.requireNonNull(details, "details");
        return redactMap(details);
    }

    private Map<String, Object> redactMap(Map<?, ?> map) {
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, map.size() * 2));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            String key = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            copy.put(key, isSensitive(key) && canCarrySecret(value) ? MASK : redactValue(value));
        }
        return Collections.unmodifiableMap(copy);
    }

    private Object redactValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return redactMap(map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object element : list) {
                copy.add(redactValue(element));
            }
            return Collections.unmodifiableList(copy);
        }
        return value;
    }

    private static boolean canCarrySecret(Object value) {
        return value != null && !(value instanceof Number) && !(value instanceof Boolean);
    }

    private static String normalize(String key) {
        StringBuilder norm = new StringBuilder(key.length());
        key.toLowerCase(Locale.ROOT).codePoints()
                .filter(Character::isLetterOrDigit)
                .forEach(norm::appendCodePoint);
        return norm.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Redactor that && normalizedKeys.equals(that.normalizedKeys);
    }

    @Override
    public int hashCode() {
        return normalizedKeys.hashCode();
    }

    @Override
    public String toString() {
        return "Redactor" + keys;
    }
}
