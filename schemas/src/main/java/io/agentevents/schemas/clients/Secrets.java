package io.agentevents.schemas.clients;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of logs, messages and {@code toString()}: every configuration record of the
 * platform prints itself through these methods. Stateless; thread-safe.
 *
 * <p>A setting is secret when its name contains {@code password}, {@code secret}, {@code jaas},
 * {@code token} or {@code credential} (case-insensitive), or ends in {@code .key} (a PEM private key
 * such as {@code ssl.keystore.key}). Its value prints as {@value #MASK}. User info in a URL
 * ({@code http://user:password@host}) prints as {@code user:[hidden]}.
 */
public final class Secrets {
    /** What a secret value prints as. */
    public static final String MASK = "[hidden]";

    private static final String[] SECRET_MARKERS = {"password", "secret", "jaas", "token", "credential"};
    /** scheme://userinfo@ in a URL; the user info ends at the first '@' after the scheme. */
    private static final Pattern URL_USER_INFO = Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://)([^/@\\s,]*)@");

    private Secrets() {
    }

    /** Whether the value of a setting with this name is secret (see the class comment). */
    public static boolean isSecretKey(String name) {
        Objects.requireNonNull(name, "name");
        String lower = name.toLowerCase(Locale.ROOT);
        for (String marker : SECRET_MARKERS) {
            if (lower.contains(marker)) {
                return true;
            }
        }
        return lower.endsWith(".key");
    }

    /** The settings, sorted by name, with each secret value replaced by {@value #MASK}: for printing only. */
    public static Map<String, String> masked(Map<String, ?> settings) {
        Objects.requireNonNull(settings, "settings");
        Map<String, String> masked = new TreeMap<>();
        settings.forEach((name, value) -> masked.put(name, isSecretKey(name) ? MASK : maskUrls(String.valueOf(value))));
        return masked;
    }

    /**
     * The text with the password of every URL's user info masked: {@code http://u:p@h:8081,http://h2}
     * prints as {@code http://u:[hidden]@h:8081,http://h2}.
     */
    public static String maskUrls(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        Matcher matcher = URL_USER_INFO.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String userInfo = matcher.group(2);
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + user + ":" + MASK + "@"));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** {@code user:password} as {@code user:[hidden]}; {@code none} when empty. */
    public static String maskUserInfo(Optional<String> userInfo) {
        Objects.requireNonNull(userInfo, "userInfo");
        return userInfo.map(info -> {
            int colon = info.indexOf(':');
            return (colon < 0 ? info : info.substring(0, colon)) + ":" + MASK;
        }).orElse("none");
    }

    /** Each user name with its password masked, sorted by name. */
    public static Map<String, String> maskedPasswords(Map<String, String> passwordsByUser) {
        Objects.requireNonNull(passwordsByUser, "passwordsByUser");
        Map<String, String> masked = new TreeMap<>();
        passwordsByUser.keySet().forEach(user -> masked.put(user, MASK));
        return masked;
    }
}
