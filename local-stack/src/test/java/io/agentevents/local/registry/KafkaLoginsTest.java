package io.agentevents.local.registry;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cache in front of Kafka logins, with Kafka played by a probe that records what it was asked. */
class KafkaLoginsTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<String> asked = new ArrayList<>();
    private Set<String> kafkaUsers = Set.of("planner:pw1");
    private boolean kafkaDown;

    private final KafkaLogins logins = new KafkaLogins((user, password) -> {
        asked.add(user);
        if (kafkaDown) {
            throw RegistryException.timeout("Kafka at k:9092 did not answer", null);
        }
        return kafkaUsers.contains(user + ":" + password);
    }, now::get);

    @Test
    void anAcceptedLoginIsRememberedForItsTimeThenAskedAgain() {
        assertThat(logins.accepts("planner", "pw1")).isTrue();
        kafkaUsers = Set.of();   // removed in Kafka
        advance(KafkaLogins.ACCEPTED_FOR.toNanos() - 1);
        assertThat(logins.accepts("planner", "pw1")).isTrue();
        assertThat(asked).hasSize(1);
        advance(1);
        assertThat(logins.accepts("planner", "pw1")).isFalse();
        assertThat(asked).hasSize(2);
    }

    @Test
    void aRefusedLoginIsRememberedBrieflySoRetriesDoNotReachKafka() {
        for (int i = 0; i < 50; i++) {
            assertThat(logins.accepts("planner", "wrong")).isFalse();
        }
        assertThat(asked).hasSize(1);
        kafkaUsers = Set.of("planner:wrong");   // the password was changed to it meanwhile
        advance(KafkaLogins.REFUSED_FOR.toNanos());
        assertThat(logins.accepts("planner", "wrong")).isTrue();
        assertThat(asked).hasSize(2);
    }

    @Test
    void theCacheIsKeyedByUserAndPasswordTogether() {
        assertThat(logins.accepts("planner", "pw1")).isTrue();
        assertThat(logins.accepts("planner", "pw2")).isFalse();
        assertThat(logins.accepts("other", "pw1")).isFalse();
        assertThat(asked).containsExactly("planner", "planner", "other");
    }

    @Test
    void kafkaNotAnsweringIsATimeoutAndIsNotRememberedAsARefusal() {
        kafkaDown = true;
        assertThatThrownBy(() -> logins.accepts("planner", "pw1"))
                .isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.errorCode()).isEqualTo(RegistryException.OPERATION_TIMEOUT);
                });
        kafkaDown = false;
        assertThat(logins.accepts("planner", "pw1")).isTrue();
        assertThat(asked).hasSize(2);
    }

    @Test
    void valuesThatWouldNeedEscapingInJaasAreRefusedWithoutAskingKafka() {
        assertThat(logins.accepts("planner", "pw\"1")).isFalse();
        assertThat(logins.accepts("planner", "pw\\1")).isFalse();
        assertThat(logins.accepts("plan\nner", "pw1")).isFalse();
        assertThat(asked).isEmpty();
    }

    @Test
    void basicAuthFallsBackToKafkaOnlyForCredentialsNoConfiguredUserHas() {
        BasicAuthCheck check = new BasicAuthCheck(Map.of("admin", "admin-pw"), Optional.of(logins));
        assertThat(check.required()).isTrue();
        assertThat(check.authenticate(basic("admin:admin-pw"))).contains("admin");
        assertThat(asked).isEmpty();
        assertThat(check.authenticate(basic("planner:pw1"))).contains("planner");
        assertThat(check.authenticate(basic("planner:nope"))).isEmpty();
        assertThat(check.authenticate(basic("admin:"))).isEmpty();
        assertThat(check.authenticate(basic(":pw1"))).isEmpty();
        assertThat(asked).containsExactly("planner", "planner");
        assertThat(new BasicAuthCheck(Map.of(), Optional.of(logins)).required()).isTrue();
    }

    private void advance(long nanos) {
        now.addAndGet(nanos);
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }
}
