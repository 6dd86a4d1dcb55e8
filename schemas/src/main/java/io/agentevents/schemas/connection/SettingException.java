package io.agentevents.schemas.connection;

import java.util.Objects;

/**
 * A setting was missing or malformed: carries the {@link Setting} and the name it was read under
 * (a property such as {@code eventbus.bootstrap.servers} or a variable such as
 * {@code EVENTBUS_BOOTSTRAP_SERVERS}), so a caller reports it without parsing the message. The
 * message names the setting and, unless the setting is secret, the bad value.
 */
public final class SettingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Setting<?> setting;
    private final String name;

    SettingException(Setting<?> setting, String name, String message, Throwable cause) {
        super(message, cause);
        this.setting = Objects.requireNonNull(setting, "setting");
        this.name = Objects.requireNonNull(name, "name");
    }

    /** The setting that was bad. */
    public Setting<?> setting() {
        return setting;
    }

    /** The name it was read under: the property or the environment variable. */
    public String name() {
        return name;
    }
}
