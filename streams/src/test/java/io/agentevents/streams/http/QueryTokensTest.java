package io.agentevents.streams.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Tokens stored as digests, found by the bearer header; the access rules and the rate limiter around them. */
class QueryTokensTest {

    @Test
    void aTokenOfTheFileNamesItsHolderAndNothingElseDoes(@TempDir Path dir) throws Exception {
        String token = QueryTokens.newToken();
        String line = QueryTokens.line("auditor", token);
        assertThat(line).startsWith("auditor:sha256:").doesNotContain(token);
        QueryTokens tokens = QueryTokens.load(Files.writeString(dir.resolve("tokens"), "# comment\n\n" + line + "\n"));

        assertThat(tokens.name("Bearer " + token)).contains("auditor");
        assertThat(tokens.name("bearer " + token)).as("the scheme in any case").contains("auditor");
        assertThat(tokens.name("Bearer " + QueryTokens.newToken())).isEmpty();
        assertThat(tokens.name("Basic " + token)).isEmpty();
        assertThat(tokens.name(null)).isEmpty();
        assertThat(tokens.toString()).doesNotContain(token).doesNotContain(line.substring(15));
    }

    @Test
    void badFilesAndWeakTokensAreRefusedNamingTheLine(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> QueryTokens.line("a", "short")).hasMessageContaining("at least 32");
        assertThatThrownBy(() -> QueryTokens.line("a:b", QueryTokens.newToken())).hasMessageContaining("':'");
        Path bad = Files.writeString(dir.resolve("bad"), QueryTokens.line("a", QueryTokens.newToken()) + "\nb:md5:xyz\n");
        assertThatThrownBy(() -> QueryTokens.load(bad)).hasMessageContaining(bad + " line 2");
        Path empty = Files.writeString(dir.resolve("empty"), "# nobody\n");
        assertThatThrownBy(() -> QueryTokens.load(empty)).hasMessageContaining("holds no token");
    }

    @Test
    void accessNamesTheUserOrTheTokenAndChallengesEachScheme(@TempDir Path dir) throws Exception {
        String token = QueryTokens.newToken();
        QueryTokens tokens = QueryTokens.load(Files.writeString(dir.resolve("t"), QueryTokens.line("bot", token)));
        QueryUsers users = QueryUsers.load(Files.writeString(dir.resolve("u"), QueryUsers.line("alice", "alice-pw")));
        QueryAccess both = new QueryAccess(Optional.of(users), Optional.of(tokens));
        assertThat(both.principal("Bearer " + token)).contains("bot");
        assertThat(both.principal("Basic YWxpY2U6YWxpY2UtcHc=")).contains("alice");
        assertThat(both.principal("Basic YWxpY2U6d3Jvbmc=")).isEmpty();
        assertThat(both.challenge()).isEqualTo(QueryUsers.CHALLENGE + ", " + QueryAccess.BEARER_CHALLENGE);
        assertThat(new QueryAccess(Optional.empty(), Optional.of(tokens)).challenge()).isEqualTo(QueryAccess.BEARER_CHALLENGE);
        assertThat(QueryAccess.open().required()).isFalse();
    }

    @Test
    void theRateLimiterLetsABurstThroughThenRefillsPerClient() {
        AtomicLong now = new AtomicLong();
        QueryRateLimiter limiter = new QueryRateLimiter(4, now::get);
        for (int i = 0; i < 4; i++) {
            assertThat(limiter.acquire("a")).as("request " + i).isEmpty();
        }
        assertThat(limiter.acquire("a")).hasValueSatisfying(wait -> assertThat(wait).isEqualTo(Duration.ofMillis(250)));
        assertThat(limiter.acquire("b")).as("another client has its own bucket").isEmpty();
        now.addAndGet(Duration.ofMillis(250).toNanos());
        assertThat(limiter.acquire("a")).as("one request refilled after 1/4 s").isEmpty();
        assertThat(limiter.acquire("a")).isPresent();
        assertThat(new QueryRateLimiter(0, now::get).acquire("a")).as("0 = no limit").isEmpty();
    }
}
