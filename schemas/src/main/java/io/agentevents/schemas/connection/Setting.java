package io.agentevents.schemas.connection;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting, declared once: its name in a properties file ({@code eventbus.*}), its environment
 * variable (the same name upper-cased, {@code .} and {@code -} as {@code _}: {@code EVENTBUS_*}),
 * its default, its documentation and how its text becomes a value. The docs tables
 * ({@link #propertiesTableRow()}, {@link #environmentTableRow()}), the readers
 * ({@link #fromProperties}, {@link #fromEnvironment}) and the error messages ({@link SettingException})
 * all come from this one declaration. Immutable and thread-safe.
 *
 * @param property     the name in a properties file, e.g. {@code eventbus.bootstrap.servers}; a
 *                     name ending in {@code .*} stands for a family of settings ({@code eventbus.kafka.*})
 * @param defaultValue the text used when the setting is absent or blank; {@code null} = required
 * @param description  one line for the docs table
 * @param secret       whether the value is never echoed in an error message
 * @param parser       the text (trimmed, never blank) to the value; throws an
 *                     {@link IllegalArgumentException} saying what is wrong (without the value)
 * @param <T>          the type of the value
 */
public record Setting<T>(String property, String defaultValue, String description, boolean secret,
                         Function<String, T> parser) {

    /** Validates the declaration. */
    public Setting {
        Objects.requireNonNull(property, "property");
        if (!property.startsWith("eventbus.")) {
            throw new IllegalArgumentException("property must start with 'eventbus.', was '" + property + "'");
        }
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parser, "parser");
    }

    /** A text setting. */
    public static Setting<String> text(String property, String defaultValue, String description) {
        return new Setting<>(property, defaultValue, description, false, Function.identity());
    }

    /** A setting whose text {@code parser} turns into a value. */
    public static <T> Setting<T> of(String property, String defaultValue, String description, Function<String, T> parser) {
        return new Setting<>(property, defaultValue, description, false, parser);
    }

    /** A setting whose value is never echoed in an error message. */
    public static <T> Setting<T> secret(String property, String defaultValue, String description,
                                        Function<String, T> parser) {
        return new Setting<>(property, defaultValue, description, true, parser);
    }

    /** A whole number in {@code min..max}. */
    public static Setting<Integer> integer(String property, String defaultValue, String description, int min, int max) {
        return of(property, defaultValue, description, text -> (int) checkedRange(Long.parseLong(text), min, max));
    }

    /** A whole number in {@code min..max}. */
    public static Setting<Long> longInteger(String property, String defaultValue, String description, long min, long max) {
        return of(property, defaultValue, description, text -> checkedRange(Long.parseLong(text), min, max));
    }

    /** {@code true} or {@code false}, in any case. */
    public static Setting<Boolean> bool(String property, String defaultValue, String description) {
        return of(property, defaultValue, description, text -> switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        });
    }

    /** The name in the environment, e.g. {@code EVENTBUS_BOOTSTRAP_SERVERS}; {@code EVENTBUS_KAFKA_*} for a family. */
    public String environmentVariable() {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The default as the docs show it: {@code (required)}, {@code (none)} for an empty one, else the text. */
    public String documentedDefault() {
        return defaultValue == null ? "(required)" : defaultValue.isEmpty() ? "(none)" : defaultValue;
    }

    /** The row of a docs table of properties: {@code | `property` | `VARIABLE` | default | description |}. */
    public String propertiesTableRow() {
        return "| `" + property + "` | `" + environmentVariable() + "` | " + documentedDefault() + " | " + description + " |";
    }

    /** The row of a docs table of environment variables: {@code | `VARIABLE` | default | description |}. */
    public String environmentTableRow() {
        return "| `" + environmentVariable() + "` | " + documentedDefault() + " | " + description + " |";
    }

    /**
     * The value in {@code properties} (keyed by {@link #property()}), or the default.
     *
     * @throws SettingException naming the property and its variable
     */
    public T fromProperties(Map<String, String> properties) {
        return parse(properties.get(property), property + " (" + environmentVariable() + ")");
    }

    /**
     * The value in {@code environment} (keyed by {@link #environmentVariable()}), or the default.
     *
     * @throws SettingException naming the variable
     */
    public T fromEnvironment(Map<String, String> environment) {
        return parse(environment.get(environmentVariable()), environmentVariable());
    }

    /**
     * The value of {@code text} read under {@code name}; absent or blank = the default.
     *
     * @throws SettingException naming {@code name}
     */
    public T parse(String text, String name) {
        Objects.requireNonNull(name, "name");
        String value = text == null || text.isBlank() ? defaultValue : text.trim();
        if (value == null) {
            throw new SettingException(this, name, name + " is required", null);
        }
        try {
            return parser.apply(value);
        } catch (NumberFormatException e) {
            throw failure(name, "must be a whole number", value, e);
        } catch (IllegalArgumentException e) {
            throw failure(name, e.getMessage(), value, e);
        }
    }

    /**
     * A {@link SettingException} about this setting read under {@code name}: {@code NAME must be 1..9, was '0'}
     * ({@code problem} = {@code must be 1..9}); the value is left out when the setting is secret.
     */
    public SettingException failure(String name, String problem, String value, Throwable cause) {
        String separator = problem.startsWith("must ") || problem.startsWith("is ") ? " " : ": ";
        return new SettingException(this, name, name + separator + problem + (secret ? "" : ", was '" + value + "'"), cause);
    }

    private static long checkedRange(long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                    ? "must be at least " + min : "must be " + min + ".." + max);
        }
        return value;
    }
}
