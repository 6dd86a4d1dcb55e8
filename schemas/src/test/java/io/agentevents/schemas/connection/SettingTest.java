package io.agentevents.schemas.connection;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingTest {
    private static final Setting<Integer> PORT = Setting.integer("eventbus.http.port", "8080", "port of the API", 0, 65_535);

    @Test
    void theDocsRowsTheVariableAndTheErrorsComeFromOneDeclaration() {
        assertThat(PORT.environmentVariable()).isEqualTo("EVENTBUS_HTTP_PORT");
        assertThat(PORT.propertiesTableRow()).isEqualTo("| `eventbus.http.port` | `EVENTBUS_HTTP_PORT` | 8080 | port of the API |");
        assertThat(PORT.environmentTableRow()).isEqualTo("| `EVENTBUS_HTTP_PORT` | 8080 | port of the API |");
        assertThat(ConnectionSettings.KAFKA_SECURITY.environmentVariable()).isEqualTo("EVENTBUS_KAFKA_*");

        assertThat(PORT.fromEnvironment(Map.of())).isEqualTo(8080);
        assertThat(PORT.fromEnvironment(Map.of("EVENTBUS_HTTP_PORT", " 81 "))).isEqualTo(81);
        assertThat(PORT.fromProperties(Map.of("eventbus.http.port", ""))).as("blank = the default").isEqualTo(8080);
        assertThatThrownBy(() -> PORT.fromEnvironment(Map.of("EVENTBUS_HTTP_PORT", "eighty")))
                .isInstanceOf(SettingException.class).hasMessage("EVENTBUS_HTTP_PORT must be a whole number, was 'eighty'");
        assertThatThrownBy(() -> PORT.fromProperties(Map.of("eventbus.http.port", "70000")))
                .isInstanceOfSatisfying(SettingException.class, e -> assertThat(e.setting()).isSameAs(PORT))
                .hasMessage("eventbus.http.port (EVENTBUS_HTTP_PORT) must be 0..65535, was '70000'");
    }

    @Test
    void aRequiredSettingHasNoDefaultAndASecretIsNeverEchoed() {
        Setting<String> required = Setting.text("eventbus.name", null, "a name");
        assertThat(required.documentedDefault()).isEqualTo("(required)");
        assertThatThrownBy(() -> required.fromEnvironment(Map.of())).hasMessage("EVENTBUS_NAME is required");

        Setting<String> secret = Setting.secret("eventbus.pin", "", "a pin", text -> {
            throw new IllegalArgumentException("must be digits");
        });
        assertThat(secret.documentedDefault()).isEqualTo("(none)");
        assertThatThrownBy(() -> secret.fromEnvironment(Map.of("EVENTBUS_PIN", "s3cret")))
                .hasMessage("EVENTBUS_PIN must be digits");
        assertThat(Setting.bool("eventbus.on", "false", "on").fromEnvironment(Map.of("EVENTBUS_ON", "TRUE"))).isTrue();
    }
}
