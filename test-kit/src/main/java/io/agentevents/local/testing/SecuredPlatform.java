package io.agentevents.local.testing;

import io.agentevents.local.LocalPlatform;
import io.agentevents.local.LocalPlatformConfig;
import io.agentevents.local.kafka.EmbeddedKafkaSecurity;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A secured single-node {@link LocalPlatform} for one test class, as a JUnit 5 extension: started
 * before the class's first test with the given Kafka security (and a registry behind basic auth),
 * the given ACLs granted with the administrator's credentials, closed after its last test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final SecuredPlatform secured = SecuredPlatform.of(
 *         EmbeddedKafkaSecurity.saslSsl("platform", "s3cret").withUser("planner", "p").withAcls(true),
 *         List.of(SecuredPlatform.allow("User:planner", ResourceType.TOPIC, "events.plan", PatternType.LITERAL, AclOperation.WRITE)));
 * ... secured.platform().bootstrapServers() ...
 * }</pre>
 *
 * Unlike the {@link SharedPlatform}, it is the class's own: its users and ACLs are what the class says.
 */
public final class SecuredPlatform implements BeforeAllCallback, AfterAllCallback {
    private final EmbeddedKafkaSecurity security;
    private final List<AclBinding> acls;
    private volatile LocalPlatform platform;

    private SecuredPlatform(EmbeddedKafkaSecurity security, List<AclBinding> acls) {
        this.security = Objects.requireNonNull(security, "security");
        this.acls = List.copyOf(acls);
    }

    /** A platform with this security, on which these ACLs are granted once it runs. */
    public static SecuredPlatform of(EmbeddedKafkaSecurity security, List<AclBinding> acls) {
        return new SecuredPlatform(security, acls);
    }

    /** An ALLOW entry for {@code principal} from any host. */
    public static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
                                   AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    /**
     * The running platform.
     *
     * @throws IllegalStateException outside the test class's run
     */
    public LocalPlatform platform() {
        LocalPlatform running = platform;
        if (running == null) {
            throw new IllegalStateException("the secured platform runs only while its test class does");
        }
        return running;
    }

    /**
     * Writes the administrator's client settings to {@code file}, as {@code eventbus local --sasl}
     * writes them (Kafka's names: {@code bootstrap.servers}, the security settings; the registry's
     * {@code schema.registry.url} and {@code basic.auth.user.info}), for {@code --command-config}.
     *
     * @return {@code file}
     */
    public Path writeAdminClientSettings(Path file) throws IOException {
        LocalPlatform running = platform();
        Properties props = new Properties();
        props.putAll(running.adminKafkaSecurity());
        props.put("bootstrap.servers", running.bootstrapServers());
        props.put("schema.registry.url", running.schemaRegistryUrl());
        running.registryUserInfo().ifPresent(userInfo -> props.put("basic.auth.user.info", userInfo));
        try (OutputStream out = Files.newOutputStream(file)) {
            props.store(out, "the admin's client settings");
        }
        return file;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        LocalPlatform started = LocalPlatform.start(LocalPlatformConfig.onFreePorts().withSecurity(security));
        try {
            Map<String, Object> props = new HashMap<>(started.adminKafkaSecurity());
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, started.bootstrapServers());
            try (Admin admin = Admin.create(props)) {
                admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
        platform = started;
    }

    @Override
    public void afterAll(ExtensionContext context) {
        LocalPlatform running = platform;
        platform = null;
        if (running != null) {
            running.close();
        }
    }
}
