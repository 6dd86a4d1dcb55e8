package io.agentevents.schemas.connection;

/**
 * One entry of a configuration's list of settings (typically an enum constant), backed by its one
 * {@link Setting} declaration: the names, default and description all read from it, so a list of
 * settings only says which declarations it holds. Implementations are immutable and thread-safe
 * when their {@link #setting()} is (every {@link Setting} is).
 */
public interface DeclaredSetting {

    /** The one declaration of this setting: names, default, docs, parser. */
    Setting<?> setting();

    /** The name in a properties file, e.g. {@code eventbus.bootstrap.servers}. */
    default String property() {
        return setting().property();
    }

    /** The name in the environment, e.g. {@code EVENTBUS_BOOTSTRAP_SERVERS}. */
    default String environmentVariable() {
        return setting().environmentVariable();
    }

    /** The default, or null when the setting is required. */
    default String defaultValue() {
        return setting().defaultValue();
    }

    /** One line for the docs table. */
    default String description() {
        return setting().description();
    }
}
