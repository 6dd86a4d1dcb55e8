package io.agentevents.schemas;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedactorTest {
    private final Redactor redactor = Redactor.defaults();

    @ParameterizedTest
    @ValueSource(strings = {"password", "PASSWORD", "Password", "db_password", "dbPassword", "DB-PASSWORD", "dbpassword",
        "password_confirmation", "secret", "client_secret", "Client-Secret", "token", "access_token", "refreshToken",
        "api_key", "apiKey", "API_KEY", "X-Api-Key", "x_api_key", "api.key", "authorization", "Proxy-Authorization",
        "cookie", "Set-Cookie", "cookies"})
    void masksKeysContainingADefaultNameIgnoringCaseAndSeparators(String key) {
        assertThat(redactor.isSensitive(key)).isTrue();
        assertThat(redactor.redact(Map.of(key, "hunter2"))).containsEntry(key, Redactor.MASK);
    }

    @ParameterizedTest
    @ValueSource(strings = {"goal", "phase", "from_phase", "api", "key", "author", "pass", "keyboard", "description", "plan_id"})
    void leavesOtherKeysAlone(String key) {
        assertThat(redactor.isSensitive(key)).isFalse();
        assertThat(redactor.redact(Map.of(key, "visible"))).containsEntry(key, "visible");
    }

    @Test
    void masksAtEveryDepthKeepsOrderAndNeverChangesItsInput() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("user", "bob");
        inner.put("Password", "p1");
        List<Object> list = new ArrayList<>(List.of(inner, "text", List.of(Map.of("TOKEN", "t1"))));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("z_first", 1L);
        details.put("nested", Map.of("deeper", Map.of("api_key", "k1")));
        details.put("list", list);
        details.put("a_last", "end");

        Map<String, Object> redacted = redactor.redact(details);

        assertThat(redacted.keySet()).containsExactly("z_first", "nested", "list", "a_last");
        assertThat(redacted.get("nested")).isEqualTo(Map.of("deeper", Map.of("api_key", "***")));
        assertThat(redacted.get("list")).isEqualTo(List.of(Map.of("user", "bob", "Password", "***"), "text",
                List.of(Map.of("TOKEN", "***"))));
        assertThat(inner).containsEntry("Password", "p1");
        assertThat(details.get("list")).isSameAs(list);
        assertThatThrownBy(() -> redacted.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> ((List<?>) redacted.get("list")).clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void masksWholeSubtreesButKeepsNumbersBooleansAndNull() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("credentials_token", Map.of("value", "abc", "expires", 3600L));
        details.put("cookies", List.of("a=1", "b=2"));
        details.put("max_tokens", 4096L);
        details.put("token_ratio", 0.5);
        details.put("password_set", true);
        details.put("secret", null);

        Map<String, Object> redacted = redactor.redact(details);

        assertThat(redacted).containsEntry("credentials_token", "***").containsEntry("cookies", "***")
                .containsEntry("max_tokens", 4096L).containsEntry("token_ratio", 0.5)
                .containsEntry("password_set", true).containsEntry("secret", null);
    }

    @Test
    void customNamesAddAndDeduplicate() {
        Redactor custom = Redactor.of("ssn", "SSN", "private-key");

        assertThat(custom.keys()).containsExactly("ssn", "private-key");
        assertThat(custom.isSensitive("customer_ssn")).isTrue();
        assertThat(custom.isSensitive("PRIVATE_KEY")).isTrue();
        assertThat(custom.isSensitive("password")).isFalse();
        Redactor more = Redactor.defaults().withAdditionalKeys("ssn");
        assertThat(more.keys()).containsExactlyElementsOf(concat(Redactor.DEFAULT_KEYS, "ssn"));
        assertThat(more.isSensitive("ssn")).isTrue();
        assertThat(more.isSensitive("password")).isTrue();
        assertThat(Redactor.of(List.of("token", "password"))).isEqualTo(Redactor.of("Password", "TOKEN"));
    }

    @Test
    void noneMasksNothingAndBadNamesAreRefused() {
        assertThat(Redactor.none().redact(Map.of("password", "visible"))).containsEntry("password", "visible");
        assertThat(Redactor.none().keys()).isEmpty();
        assertThatThrownBy(() -> Redactor.of("--")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'--'").hasMessageContaining("every key");
        assertThatThrownBy(() -> Redactor.of("ok", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> Redactor.defaults().redact(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("details");
    }

    private static List<String> concat(List<String> list, String... more) {
        List<String> all = new ArrayList<>(list);
        all.addAll(Arrays.asList(more));
        return all;
    }
}
