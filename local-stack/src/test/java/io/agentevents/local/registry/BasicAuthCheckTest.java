package io.agentevents.local.registry;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BasicAuthCheckTest {
    private final BasicAuthCheck check = new BasicAuthCheck(Map.of("agent", "s3cret:with-colon", "other", "x"));

    @Test
    void theRightUserAndPasswordAuthenticate() {
        assertThat(check.required()).isTrue();
        assertThat(check.authenticate(basic("agent:s3cret:with-colon"))).contains("agent");
        assertThat(check.authenticate("basic " + encode("other:x"))).contains("other");
    }

    @Test
    void anythingElseDoesNot() {
        assertThat(check.authenticate(null)).isEmpty();
        assertThat(check.authenticate("")).isEmpty();
        assertThat(check.authenticate(basic("agent:wrong"))).isEmpty();
        assertThat(check.authenticate(basic("nobody:x"))).isEmpty();
        assertThat(check.authenticate(basic("agent"))).isEmpty();
        assertThat(check.authenticate("Bearer " + encode("agent:s3cret:with-colon"))).isEmpty();
        assertThat(check.authenticate("Basic %%%")).isEmpty();
    }

    @Test
    void withoutUsersNothingIsRequired() {
        assertThat(new BasicAuthCheck(Map.of()).required()).isFalse();
    }

    private static String basic(String userInfo) {
        return "Basic " + encode(userInfo);
    }

    private static String encode(String userInfo) {
        return Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
