package io.agentevents.platform;

import io.agentevents.local.kafka.EmbeddedKafkaSecurity;
import io.agentevents.schemas.connection.ConnectionSettings;
import io.agentevents.schemas.connection.Secret;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The super user of a secured {@code eventbus local} ({@code --sasl}): {@value #USER}, with the password of
 * {@value #PASSWORD_VARIABLE}, else the one a previous secured start on the data directory wrote to its
 * {@value RunningPlatform#ADMIN_CLIENT_SETTINGS} (a data directory keeps the password it was first formatted
 * with), else a new random one. Immutable; its {@code toString} hides the password.
 *
 * @param password the admin password
 * @param origin   where it came from, as {@code eventbus local} prints it, e.g. {@code a new random one}
 */
public record LocalAdmin(Secret password, String origin) {
    /** The admin user's name. */
    public static final String USER = "admin";
    /** The variable that sets the admin password. */
    public static final String PASSWORD_VARIABLE = "EVENTBUS_LOCAL_ADMIN_PASSWORD";

    public LocalAdmin {
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * The admin of a start with {@code environment} on {@code dataDirectory} (empty: a temporary one).
     *
     * @throws UncheckedIOException when the previous start's settings file exists but cannot be read
     */
    public static LocalAdmin resolve(Map<String, String> environment, Optional<Path> dataDirectory) {
        String given = environment.get(PASSWORD_VARIABLE);
        if (given != null && !given.isEmpty()) {
            return new LocalAdmin(Secret.of(given), "from " + PASSWORD_VARIABLE);
        }
        Optional<String> previous = dataDirectory.flatMap(LocalAdmin::previousPassword);
        if (previous.isPresent()) {
            return new LocalAdmin(Secret.of(previous.get()), "the previous start's, from "
                    + dataDirectory.orElseThrow().resolve(RunningPlatform.ADMIN_CLIENT_SETTINGS));
        }
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return new LocalAdmin(Secret.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)), "a new random one");
    }

    /**
     * The admin password a previous secured start on {@code dataDirectory} wrote to its
     * {@value RunningPlatform#ADMIN_CLIENT_SETTINGS} (the registry's {@code basic.auth.user.info}).
     *
     * @return empty when there is no such file or it names another user
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    public static Optional<String> previousPassword(Path dataDirectory) {
        Path file = dataDirectory.resolve(RunningPlatform.ADMIN_CLIENT_SETTINGS);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String userInfo = ConnectionSettings.readClientProperties(file).getOrDefault("basic.auth.user.info", "");
        String prefix = USER + ":";
        return userInfo.startsWith(prefix) && userInfo.length() > prefix.length()
                ? Optional.of(userInfo.substring(prefix.length())) : Optional.empty();
    }

    /**
     * The broker security for {@code protocol} with this admin, ACLs enforced.
     *
     * @param protocol {@code SASL_PLAINTEXT} or {@code SASL_SSL} (any case)
     * @throws IllegalArgumentException naming {@code --sasl} for another protocol
     */
    public EmbeddedKafkaSecurity security(String protocol) {
        return switch (protocol.trim().toUpperCase(Locale.ROOT)) {
            case "SASL_PLAINTEXT" -> EmbeddedKafkaSecurity.saslPlaintext(USER, password.value()).withAcls(true);
            case "SASL_SSL" -> EmbeddedKafkaSecurity.saslSsl(USER, password.value()).withAcls(true);
            default -> throw new IllegalArgumentException("--sasl must be SASL_PLAINTEXT or SASL_SSL, was '" + protocol + "'");
        };
    }
}
