package io.agentevents.local.kafka;

import io.agentevents.schemas.clients.Secrets;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How an {@link EmbeddedKafka} authenticates and authorizes clients. With it, the client listener
 * speaks SASL with {@value #MECHANISM} (over TLS with {@link Protocol#SASL_SSL}), every user is a
 * SCRAM credential created when the storage is formatted, and, with {@link #acls()}, the standard
 * KRaft authorizer ({@value #AUTHORIZER}) refuses anything no ACL allows, except to the admin user,
 * who is the cluster's only super user. Nothing listens without authentication: the controller
 * listener takes SASL {@code PLAIN} with the admin's credentials only.
 *
 * <p>Immutable; {@link #toString()} never prints a password.
 *
 * @param protocol      {@link Protocol#SASL_PLAINTEXT} or {@link Protocol#SASL_SSL} (a self-signed
 *                      certificate for 127.0.0.1 and localhost, made at start)
 * @param adminUser     the platform's own principal: brokers, controllers, the schema registry and
 *                      topic provisioning use it; a super user when ACLs are on
 * @param adminPassword its password
 * @param users         further users, name to password; with ACLs on, they may do only what ACLs allow
 * @param acls          run the standard authorizer: deny unless an ACL allows ({@code allow.everyone.if.no.acl.found=false})
 */
public record EmbeddedKafkaSecurity(
        Protocol protocol,
        String adminUser,
        String adminPassword,
        Map<String, String> users,
        boolean acls) {

    /** The SASL mechanism of the client listener (and between brokers). */
    public static final String MECHANISM = "SCRAM-SHA-512";
    /** The authorizer run when {@link #acls()} is on. */
    public static final String AUTHORIZER = "org.apache.kafka.metadata.authorizer.StandardAuthorizer";

    /**
     * Names and passwords travel through Kafka's SCRAM format arguments ({@code name=...,password=...})
     * and JAAS strings, so separators and quotes are refused rather than escaped.
     */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    /** The admin is also a JAAS option name ({@code user_<admin>} of the PLAIN login module): no dots or '@'. */
    private static final Pattern ADMIN_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern PASSWORD = Pattern.compile("[^\\s,\"'\\\\\\[\\]=;]{1,128}");

    /** The security protocol of the client listener. */
    public enum Protocol {
        /** SASL over plain TCP: credentials are protected by SCRAM, the data is not encrypted. */
        SASL_PLAINTEXT,
        /** SASL over TLS: encrypted; clients trust the generated certificate through {@link EmbeddedKafka#trustStore()}. */
        SASL_SSL
    }

    public EmbeddedKafkaSecurity {
        Objects.requireNonNull(protocol, "protocol");
        checkUser("adminUser", adminUser);
        if (!ADMIN_NAME.matcher(adminUser).matches()) {
            throw new IllegalArgumentException("adminUser: must be 1..64 of [A-Za-z0-9_-], was '" + adminUser + "'");
        }
        checkPassword("adminPassword", adminPassword);
        Objects.requireNonNull(users, "users");
        users.forEach((name, password) -> {
            checkUser("users", name);
            checkPassword("users[" + name + "]", password);
        });
        if (users.containsKey(adminUser)) {
            throw new IllegalArgumentException("users must not repeat the admin user '" + adminUser + "'");
        }
        users = Map.copyOf(users);
    }

    /** SASL/SCRAM over plain TCP with this admin user, no further users, ACLs off. */
    public static EmbeddedKafkaSecurity saslPlaintext(String adminUser, String adminPassword) {
        return new EmbeddedKafkaSecurity(Protocol.SASL_PLAINTEXT, adminUser, adminPassword, Map.of(), false);
    }

    /** SASL/SCRAM over TLS with this admin user, no further users, ACLs off. */
    public static EmbeddedKafkaSecurity saslSsl(String adminUser, String adminPassword) {
        return new EmbeddedKafkaSecurity(Protocol.SASL_SSL, adminUser, adminPassword, Map.of(), false);
    }

    /** This security with one more user (or another password for an existing one). */
    public EmbeddedKafkaSecurity withUser(String name, String password) {
        Map<String, String> more = new LinkedHashMap<>(users);
        more.put(name, password);
        return new EmbeddedKafkaSecurity(protocol, adminUser, adminPassword, more, acls);
    }

    /** This security with the standard authorizer on or off. */
    public EmbeddedKafkaSecurity withAcls(boolean enabled) {
        return new EmbeddedKafkaSecurity(protocol, adminUser, adminPassword, users, enabled);
    }

    /** Every user, the admin first: name to password. */
    public Map<String, String> allUsers() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(adminUser, adminPassword);
        all.putAll(users);
        return all;
    }

    /** The admin's Kafka principal, e.g. {@code User:admin}. */
    public String adminPrincipal() {
        return "User:" + adminUser;
    }

    /** Whether the client listener runs TLS. */
    public boolean tls() {
        return protocol == Protocol.SASL_SSL;
    }

    /** The JAAS line a client logs in with: {@code ScramLoginModule required username="..." password="...";}. */
    static String scramJaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                + "\" password=\"" + password + "\";";
    }

    /** The fields with every password masked. */
    @Override
    public String toString() {
        return "EmbeddedKafkaSecurity[protocol=" + protocol + ", adminUser=" + adminUser + ", adminPassword="
                + Secrets.MASK + ", users=" + Secrets.maskedPasswords(users) + ", acls=" + acls + "]";
    }

    private static void checkUser(String field, String name) {
        Objects.requireNonNull(name, field);
        if (!USER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(field + ": user name must be 1..64 of [A-Za-z0-9._@-], was '" + name + "'");
        }
    }

    private static void checkPassword(String field, String password) {
        Objects.requireNonNull(password, field);
        if (!PASSWORD.matcher(password).matches()) {
            // never echo the value
            throw new IllegalArgumentException(field + ": password must be 1..128 characters without whitespace, "
                    + "quotes, backslashes, commas, brackets, '=' or ';'");
        }
    }
}
