package io.agentevents.streams.app;

import io.agentevents.local.kafka.SelfSignedTls;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.connection.Secret;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.client.QueryApiException;
import io.agentevents.streams.client.QueryClient;
import io.agentevents.streams.http.QueryAccess;
import io.agentevents.streams.http.QueryLimits;
import io.agentevents.streams.http.QueryServer;
import io.agentevents.streams.http.QueryTokens;
import io.agentevents.streams.http.QueryUsers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The query API over HTTPS with bearer tokens and users, on two instances: a client trusting the
 * certificate reads with a token, also keys the other instance owns (forwarded over HTTPS with the
 * caller's token); a plain-HTTP or untrusting client is refused with a message saying so; a bad
 * token is 401 with challenges for both schemes; oversized requests are 413/414/431; a client over
 * its rate gets 429 with {@code Retry-After}.
 */
@ExtendWith(SharedPlatformExtension.class)
@Timeout(180)
class QueryApiTlsIT {
    private static final int RATE = 10;

    @Test
    void servesHttpsToTokensAndUsersWithinLimits(TestPlatform platform, @TempDir Path dir) throws Exception {
        SelfSignedTls tls = SelfSignedTls.generate(dir.resolve("tls"));
        String token = QueryTokens.newToken();
        Path tokens = Files.writeString(dir.resolve("query-tokens"), QueryTokens.line("reader", token) + "\n");
        Path users = Files.writeString(dir.resolve("query-users"), QueryUsers.line("flood", "flood-pass") + "\n");
        TopicLayout layout = ProjectionsFixtures.layout(platform, "tls").withPartitions(4);
        ProjectionsConfig config = ProjectionsFixtures.config(platform, layout).withQueryUsersFile(users)
                .withQueryTokensFile(tokens).withQueryKeyStore(tls.keyStoreSettings())
                .withQueryLimits(new QueryLimits(RATE, true));
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout);
             ProjectionsApp first = ProjectionsApp.start(config.withStateDirectory(dir.resolve("a")));
             ProjectionsApp second = ProjectionsApp.start(config.withStateDirectory(dir.resolve("b")))) {
            assertThat(first.url()).startsWith("https://");
            List<String> plans = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                plans.add("plan-" + i);
                bus.emit(DomainEvent.builder(EventType.PLAN_CREATED).source("p").planId("plan-" + i).build());
            }
            bus.flush();
            try (QueryClient client = QueryClient.connect(first.url(), Duration.ofSeconds(30), Optional.of(Secret.of(token)),
                    Optional.of(tls.trustStoreSettings()))) {
                await().atMost(Duration.ofSeconds(90)).until(() -> plans.stream().allMatch(p -> client.plan(p).isPresent()));
                // the second instance may join after the first ran alone and took every task: await the group with both
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                        assertThat(plans.stream().map(p -> client.plan(p).orElseThrow().freshness().servedBy()).distinct().count())
                                .as("keys of both instances answered through the first (forwarded over HTTPS with the token), "
                                        + "429s waited out").isEqualTo(2));
            }

            String plain = first.url().replace("https://", "http://");
            try (QueryClient client = QueryClient.connect(plain, Duration.ZERO, Optional.of(Secret.of(token)), Optional.empty())) {
                assertThatThrownBy(client::health).isInstanceOf(QueryApiException.class)
                        .hasMessageContaining("use an https:// URL");
            }
            try (QueryClient client = QueryClient.connect(first.url(), Duration.ZERO, Optional.of(Secret.of(token)),
                    Optional.empty())) {
                assertThatThrownBy(client::health).isInstanceOf(QueryApiException.class)
                        .hasMessageContaining("TLS handshake failed");
            }

            HttpClient http = HttpClient.newBuilder().sslContext(tls.trustStoreSettings().trustingContext()).build();
            URI health = URI.create(second.url() + "/health");
            HttpResponse<String> badToken = http.send(HttpRequest.newBuilder(health)
                    .header("Authorization", "Bearer " + QueryTokens.newToken()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(badToken.statusCode()).isEqualTo(401);
            assertThat(badToken.headers().allValues("WWW-Authenticate")).singleElement().satisfies(challenge ->
                    assertThat(challenge).contains(QueryUsers.CHALLENGE).contains(QueryAccess.BEARER_CHALLENGE));
            HttpResponse<String> goodToken = http.send(HttpRequest.newBuilder(health)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(goodToken.statusCode()).as(goodToken.body()).isIn(200, 503);

            HttpResponse<String> bigBody = http.send(HttpRequest.newBuilder(health)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[QueryServer.MAX_BODY_BYTES + 1])).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bigBody.statusCode()).as(bigBody.body()).isEqualTo(413);
            HttpResponse<String> longUri = http.send(HttpRequest.newBuilder(URI.create(second.url() + "/plans/"
                    + "p".repeat(QueryServer.MAX_URI_CHARS))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(longUri.statusCode()).as(longUri.body()).isEqualTo(414);
            HttpResponse<String> bigHeaders = http.send(HttpRequest.newBuilder(health)
                    .header("X-Filler", "f".repeat(QueryServer.MAX_HEADER_BYTES)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bigHeaders.statusCode()).as(bigHeaders.body()).isEqualTo(431);

            String flood = "Basic " + Base64.getEncoder().encodeToString("flood:flood-pass".getBytes(StandardCharsets.UTF_8));
            // all at once, so that even a slow machine sends them faster than the limit refills
            List<CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < 10 * RATE; i++) {
                sent.add(http.sendAsync(HttpRequest.newBuilder(health).header("Authorization", flood).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            List<HttpResponse<String>> answers = sent.stream().map(CompletableFuture::join).toList();
            List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).toList();
            assertThat(statuses).as("a user sending faster than its rate is limited").contains(429);
            assertThat(statuses.stream().filter(status -> status != 429).count()).as("but not within its burst of " + RATE
                    + ": " + statuses).isGreaterThanOrEqualTo(RATE);
            HttpResponse<String> limited = answers.stream().filter(answer -> answer.statusCode() == 429).findFirst().orElseThrow();
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(seconds ->
                    assertThat(Long.parseLong(seconds)).isPositive());
            assertThat(limited.body()).contains("too many requests");
            HttpResponse<String> otherUser = http.send(HttpRequest.newBuilder(health).header("Authorization", "Bearer " + token)
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(otherUser.statusCode()).as("another user is not limited by it").isIn(200, 503);
        }
    }
}
