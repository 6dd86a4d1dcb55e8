package io.agentevents.streams.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryUsersTest {

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aUserOfTheFileAuthenticatesWithItsPasswordOnly(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("users"), "# the query API's users\n\n"
                + QueryUsers.line("alice", "wonder-land") + "\n" + QueryUsers.line("bob", "b0b") + "\n");
        assertThat(Files.readString(file)).doesNotContain("wonder-land").contains("alice:pbkdf2-sha256:100000:");

        QueryUsers users = QueryUsers.load(file);

        assertThat(users.authenticate(basic("alice:wonder-land"))).isTrue();
        assertThat(users.authenticate(basic("alice:wonder-land"))).as("remembered").isTrue();
        assertThat(users.authenticate("basic " + basic("bob:b0b").substring(6))).as("scheme in any case").isTrue();
        assertThat(users.authenticate(basic("alice:wrong"))).isFalse();
        assertThat(users.authenticate(basic("bob:wonder-land"))).isFalse();
        assertThat(users.authenticate(basic("mallory:wonder-land"))).isFalse();
        assertThat(users.authenticate(basic("alice:"))).isFalse();
        assertThat(users.authenticate(basic("alice"))).isFalse();
        assertThat(users.authenticate("Bearer abc")).isFalse();
        assertThat(users.authenticate("Basic !!!not-base64")).isFalse();
        assertThat(users.authenticate(null)).isFalse();
        assertThat(users.toString()).isEqualTo("QueryUsers[2 user(s)]");
    }

    @Test
    void aMalformedFileIsRefusedNamingItsLine(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bad"), QueryUsers.line("alice", "x") + "\nbob:plain-password\n");
        assertThatThrownBy(() -> QueryUsers.load(bad)).hasMessageContaining(bad + " line 2")
                .hasMessageContaining("name:pbkdf2-sha256:ITERATIONS:SALT:HASH").hasMessageNotContaining("plain-password");
        Path weak = Files.writeString(dir.resolve("weak"), "bob:pbkdf2-sha256:10:AAAA:AAAA\n");
        assertThatThrownBy(() -> QueryUsers.load(weak)).hasMessageContaining("at least 10000 iterations");
        Path empty = Files.writeString(dir.resolve("empty"), "# nobody\n");
        assertThatThrownBy(() -> QueryUsers.load(empty)).hasMessageContaining("holds no user");
        assertThatThrownBy(() -> QueryUsers.line("a:b", "x")).hasMessageContaining("no ':'");
        assertThatThrownBy(() -> QueryUsers.line("a", "")).hasMessageContaining("must not be empty");
    }
}
