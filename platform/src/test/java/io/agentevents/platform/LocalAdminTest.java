package io.agentevents.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where a secured {@code eventbus local} takes its admin password from, and which protocols it takes. */
class LocalAdminTest {

    @Test
    void theVariableWinsOverThePreviousStartsPassword(@TempDir Path data) throws IOException {
        Files.writeString(data.resolve(RunningPlatform.ADMIN_CLIENT_SETTINGS), "basic.auth.user.info=admin:before\n");

        LocalAdmin admin = LocalAdmin.resolve(Map.of(LocalAdmin.PASSWORD_VARIABLE, "given"), Optional.of(data));

        assertThat(admin.password().value()).isEqualTo("given");
        assertThat(admin.origin()).isEqualTo("from EVENTBUS_LOCAL_ADMIN_PASSWORD");
        assertThat(admin.toString()).doesNotContain("given");
    }

    @Test
    void aDataDirectoryKeepsThePasswordItsFirstSecuredStartWrote(@TempDir Path data) throws IOException {
        Files.writeString(data.resolve(RunningPlatform.ADMIN_CLIENT_SETTINGS), "basic.auth.user.info=admin:before\n");

        LocalAdmin admin = LocalAdmin.resolve(Map.of(), Optional.of(data));

        assertThat(admin.password().value()).isEqualTo("before");
        assertThat(admin.origin()).startsWith("the previous start's, from ").endsWith(RunningPlatform.ADMIN_CLIENT_SETTINGS);
    }

    @Test
    void otherwiseEachStartGetsANewRandomPassword(@TempDir Path data) throws IOException {
        Files.writeString(data.resolve(RunningPlatform.ADMIN_CLIENT_SETTINGS), "basic.auth.user.info=someone:else\n");

        LocalAdmin first = LocalAdmin.resolve(Map.of(LocalAdmin.PASSWORD_VARIABLE, ""), Optional.of(data));
        LocalAdmin second = LocalAdmin.resolve(Map.of(), Optional.empty());

        assertThat(first.origin()).isEqualTo("a new random one");
        assertThat(first.password().value()).hasSize(24).isNotEqualTo(second.password().value());
    }

    @Test
    void theProtocolIsSaslPlaintextOrSaslSslAnythingElseIsNamed() {
        LocalAdmin admin = LocalAdmin.resolve(Map.of(LocalAdmin.PASSWORD_VARIABLE, "pw"), Optional.empty());

        assertThat(admin.security("sasl_ssl").tls()).isTrue();
        assertThat(admin.security("sasl_ssl").adminUser()).isEqualTo(LocalAdmin.USER);
        assertThat(admin.security("SASL_PLAINTEXT").acls()).isTrue();
        assertThatThrownBy(() -> admin.security("PLAINTEXT")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--sasl must be SASL_PLAINTEXT or SASL_SSL, was 'PLAINTEXT'");
    }
}
