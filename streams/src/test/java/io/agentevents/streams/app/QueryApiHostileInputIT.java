package io.agentevents.streams.app;

import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile HTTP against the projections' query API: path traversal, 10 kB ids, a huge query
 * string, many and repeated parameters, every method but GET (with bodies up to 20 MB). Every
 * answer is {@code {"error": ..., "status": N}} with that status, and the API answers a good
 * request after each. Complements {@code ProjectionsAppIT}, which covers malformed parameter values.
 */
@ExtendWith(SharedPlatformExtension.class)
class QueryApiHostileInputIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, String contentType, String text, JsonNode json) {
    }

    @Test
    void hostileRequestsGetAJsonErrorAndTheApiKeepsAnswering(TestPlatform platform) throws Exception {
        TopicLayout layout = ProjectionsFixtures.layout(platform, "hostile-http");
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout);
             ProjectionsApp app = ProjectionsApp.start(ProjectionsFixtures.config(platform, layout))) {
            bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("p").planId("good-plan").build());
            String base = app.url();
            await().atMost(Duration.ofSeconds(60)).until(() -> ApiClient.get(base + "/plans/good-plan").status() == 200);

            // path traversal: an id like any other, or no such resource
            for (String path : List.of("/plans/..%2F..%2Fetc%2Fpasswd", "/audit/..%2F..%2Fetc%2Fpasswd",
                    "/plans/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/../../etc/passwd", "/plans/../../../etc/passwd",
                    "/%2e%2e/%2e%2e/etc/passwd")) {
                assertError(base, get(base + path), 404);
            }
            assertError(base, get(base + "/plans/%2e%2e"), 400);
            assertError(base, get(base + "/plans/.."), 400); // nothing normalizes the path: the id ".." is refused

            // 10 kB ids and a query string over 4 kB
            String tenKb = "x".repeat(10_000);
            assertError(base, get(base + "/plans/" + tenKb), 400);
            assertError(base, get(base + "/audit/" + tenKb), 400);
            assertError(base, get(base + "/plans?rootPlanId=" + tenKb), 400);
            assertError(base, get(base + "/audit?planId=" + "p".repeat(300)), 400);
            assertError(base, get(base + "/plans/good-plan?x=" + tenKb), 400);

            // many parameters: ignored when unknown and within 4 kB; refused when repeated or too many
            String many = IntStream.range(0, 500).mapToObj(i -> "p" + i + "=1").collect(Collectors.joining("&"));
            assertThat(many.length()).isLessThan(4_096);
            Answer manyKnown = get(base + "/plans/good-plan?" + many);
            assertThat(manyKnown.status()).as(manyKnown.text()).isEqualTo(200);
            assertError(base, get(base + "/plans/good-plan?" + many + "&" + many), 400);
            assertError(base, get(base + "/plans/good-plan?waitMs=1&waitMs=2"), 400);
            for (String bad : List.of("waitMs=-1", "waitMs=abc", "waitMs=1e9", "waitFor=events.plan-0:1&waitMs=99999999",
                    "waitFor=events.plan-x:1", "waitFor=events.plan-0:abc", "waitFor=" + "t".repeat(3_000), "waitFor=:1")) {
                assertError(base, get(base + "/plans/good-plan?" + bad), 400);
            }
            for (String bad : List.of("type=", "type=tool.invoked&from=-999999999-01-01T00:00:00Z",
                    "type=tool.invoked&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "type=" + "t".repeat(3_000))) {
                assertError(base, get(base + "/rates?" + bad), 400);
            }

            // every method but GET, with and without bodies, is 405
            for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE")) {
                assertError(base, send(method, base + "/plans/good-plan", "{\"planId\": \"x\"}"), 405);
                assertError(base, send(method, base + "/health", null), 405);
            }
            // a body over the limit is 413 before the method is looked at
            assertError(base, send("POST", base + "/plans/good-plan", "{" + "\"a\":[".repeat(50_000)), 413);
            try {
                assertError(base, send("POST", base + "/plans", new String(new byte[20 * 1024 * 1024], StandardCharsets.ISO_8859_1)), 413);
            } catch (IOException cutOff) {
                // the API answered 413 without reading the 20 MB and closed the connection while it was still coming
            }

            // a percent escape that is not one never reaches the API: the JDK server answers it
            // with its own plain 400, and the API goes on
            String raw = rawGet(app, "/plans/%zz");
            assertThat(raw).startsWith("HTTP/1.1 400");
            assertThat(get(base + "/plans/good-plan").status()).isEqualTo(200);
            assertThat(app.state().isRunningOrRebalancing()).isTrue();
        }
    }

    /** The answer is a JSON error with this status, and the API answers a good request right after. */
    private static void assertError(String base, Answer answer, int status) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.contentType()).isEqualTo("application/json");
        assertThat(answer.json().path("status").asInt()).as(answer.text()).isEqualTo(status);
        assertThat(answer.json().path("error").asText()).as(answer.text()).isNotBlank();
        assertThat(get(base + "/plans/good-plan").status()).isEqualTo(200);
    }

    /**
     * A GET, polled while it answers 503 ({@link ApiClient#past503}): with two stream threads the projections
     * may rebalance once more just after they first run (seen in CI), and a 503 is the API's answer then.
     */
    private static Answer get(String url) {
        return ApiClient.past503(() -> {
            try {
                return send("GET", url, null);
            } catch (IOException e) {
                throw new IllegalStateException(url.substring(0, Math.min(200, url.length())) + ": " + e, e);
            }
        }, Answer::status);
    }

    private static Answer send(String method, String url, String body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(40))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = JSON.readTree(response.body());
            } catch (IOException notJson) {
                json = JSON.missingNode();
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), json);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET of a path no URI class would build, over a plain socket; the whole answer. */
    private static String rawGet(ProjectionsApp app, String path) throws IOException {
        URI uri = URI.create(app.url());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8).toLowerCase(Locale.ROOT).startsWith("http/1.1")
                    ? answer.toString(StandardCharsets.UTF_8) : "no HTTP answer: " + answer;
        }
    }
}
