package io.agentevents.streams.app;

import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.http.ConsoleStream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web console's server side on the shared embedded broker: its page and assets, the root-plan
 * summaries (paged, filtered, newest first), the audit timeline with secrets masked, the live stream,
 * and the answers to bad requests. The page itself is tested in a real browser by the platform
 * module's ConsoleBrowserIT.
 */
@ExtendWith(SharedPlatformExtension.class)
class ConsoleApiIT {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesThePageTheSummariesTheMaskedTimelineAndTheLiveStream(TestPlatform platform) throws Exception {
        TopicLayout layout = ProjectionsFixtures.layout(platform, "console");
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout);
             ProjectionsApp app = ProjectionsApp.start(ProjectionsFixtures.config(platform, layout))) {
            HttpResponse<String> page = send("GET", app.url() + "/", Map.of());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'self'"));
            assertThat(page.body()).contains("/console/console.js");
            assertThat(send("GET", app.url() + "/console/console.js", Map.of()).body()).contains("EventSource");

            // the live stream is open before anything happens: it tells about the plans written later
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(app.url() + "/console/events")).GET()
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
            CompletableFuture<String> planMessage = CompletableFuture.supplyAsync(() -> firstData(stream.body(), "event: plans"));

            EmitResult last = null;
            // creation times 100 ms apart, given: "newest first" orders by them
            Instant created = Instant.now().minusSeconds(5);
            for (int i = 0; i < 5; i++) {
                String root = "root-" + i;
                bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId(root).rootPlanId(root)
                        .timestamp(created.plusMillis(100L * i)).details(Map.of("goal", "g" + i)).build());
                last = bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId(root + "-child")
                        .rootPlanId(root).detail("parent_plan_id", root).build());
            }
            bus.emitAndWait(DomainEvent.builder(EventType.PLAN_COMPLETED).source("planner").planId("root-1-child")
                    .rootPlanId("root-1").build());
            last = bus.emitAndWait(DomainEvent.builder(EventType.TOOL_INVOKED).source("runner").planId("root-3").rootPlanId("root-3")
                    .details(Map.of("tool", "fetch", "headers", Map.of("Authorization", "Bearer hide-me"))).build());
            String waitFor = last.waitFor();
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    ApiClient.get(app.url() + "/plans/root-3?waitFor=" + waitFor + "&waitMs=5000").status() == 200);
            assertThat(planMessage.get(30, TimeUnit.SECONDS)).contains("\"plans\"");

            // a tree may show before its root's own plan.created is folded (they are keyed apart), without a time
            // then, so last: wait until every plan is in
            await().atMost(Duration.ofSeconds(30)).until(() -> ApiClient.get(app.url() + "/console/api/roots").body(), body -> {
                int complete = 0;
                for (JsonNode root : body.path("roots")) {
                    complete += !root.path("createdAt").isNull() && root.path("subPlans").asInt() == 1
                            && (!root.path("planId").asText().equals("root-1")
                                || root.path("subPlansByStatus").path("completed").asInt() == 1) ? 1 : 0;
                }
                return body.path("total").asInt() == 5 && complete == 5;
            });
            // polled: in one CI run, one answer's scan of the plan-state store missed root-3's own state (its summary
            // then sorts by its last event, before root-4); the next answer had it
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode roots = ApiClient.get(app.url() + "/console/api/roots?limit=2").body();
                assertThat(roots.path("matching").asInt()).isEqualTo(5);
                assertThat(roots.path("roots")).hasSize(2);
                assertThat(roots.path("roots").get(0).path("planId").asText()).as("newest first").isEqualTo("root-4");
            });
            JsonNode second = ApiClient.get(app.url() + "/console/api/roots?offset=4&limit=2").body();
            assertThat(second.path("roots")).hasSize(1);
            assertThat(second.path("roots").get(0).path("planId").asText()).isEqualTo("root-0");
            JsonNode one = ApiClient.get(app.url() + "/console/api/roots?q=ROOT-1").body();
            assertThat(one.path("matching").asInt()).isEqualTo(1);
            assertThat(one.path("roots").get(0).path("subPlans").asInt()).isEqualTo(1);
            assertThat(one.path("roots").get(0).path("subPlansByStatus").path("completed").asInt()).isEqualTo(1);

            JsonNode trail = ApiClient.get(app.url() + "/console/api/audit?planId=root-3").body();
            assertThat(trail.toString()).doesNotContain("hide-me").contains("***");
            assertThat(ApiClient.get(app.url() + "/audit?planId=root-3").body().toString())
                    .as("the query API itself is unchanged").contains("hide-me");

            JsonNode health = ApiClient.get(app.url() + "/console/api/health").body();
            assertThat(health.path("status").asText()).isEqualTo("RUNNING");
            assertThat(health.has("lag")).isTrue();
            await().atMost(Duration.ofSeconds(30)).until(() -> ApiClient.get(app.url() + "/console/api/rates").body()
                    .path("types").toString().contains("plan.created"));

            // bad requests: clear errors, nothing else disturbed
            assertThat(ApiClient.get(app.url() + "/console/api/roots?limit=5000").status()).isEqualTo(400);
            assertThat(ApiClient.get(app.url() + "/console/api/roots?offset=-1").status()).isEqualTo(400);
            assertThat(ApiClient.get(app.url() + "/console/api/nothing").status()).isEqualTo(404);
            assertThat(ApiClient.get(app.url() + "/console/nothing.js").status()).isEqualTo(404);
            assertThat(send("POST", app.url() + "/console/api/roots", Map.of()).statusCode()).isEqualTo(405);
            assertThat(send("GET", app.url() + "/console/api/dead-letters/events.tool.dlq/0/0/replay", Map.of()).statusCode())
                    .isEqualTo(405);
            HttpResponse<String> noDesk = send("GET", app.url() + "/console/api/dead-letters?domain=tool", Map.of());
            assertThat(noDesk.statusCode()).as("started without dead-letter access").isEqualTo(501);
            assertThat(noDesk.body()).contains("no dead letters");
            // the live stream takes ConsoleStream.MAX_CLIENTS pages (one is open above); the next is refused
            List<InputStream> pages = new ArrayList<>();
            try {
                for (int i = 1; i < ConsoleStream.MAX_CLIENTS; i++) {
                    HttpResponse<InputStream> more = http.send(HttpRequest.newBuilder(URI.create(app.url() + "/console/events"))
                            .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                    pages.add(more.body());
                    assertThat(more.statusCode()).as("page %d", i + 1).isEqualTo(200);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> app.consoleStream().openPages() == ConsoleStream.MAX_CLIENTS);
                // a client of its own, HTTP/1.1: the shared one, with 32 streams open, left this request unsent. The body
                // is read only after the status, so that a page wrongly let in fails here instead of streaming for ever
                HttpResponse<InputStream> full = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                        HttpRequest.newBuilder(URI.create(app.url() + "/console/events")).timeout(Duration.ofSeconds(30)).GET()
                                .build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream refusal = full.body()) {
                    assertThat(full.statusCode()).as("page %d", ConsoleStream.MAX_CLIENTS + 1).isEqualTo(503);
                    assertThat(full.headers().firstValue("Retry-After")).hasValue("5");
                    assertThat(new String(refusal.readAllBytes(), StandardCharsets.UTF_8))
                            .contains("too many console pages open (" + ConsoleStream.MAX_CLIENTS + "); close one");
                }
            } finally {
                for (InputStream open : pages) {
                    open.close();
                }
                stream.body().close();
            }
            HttpResponse<String> metrics = send("GET", app.url() + "/metrics", Map.of());
            assertThat(metrics.body()).contains("route=\"/console/api/roots\"").doesNotContain("root-3");
            assertThat(ApiClient.get(app.url() + "/plans/root-0").status()).isEqualTo(200);
        }
    }

    @Test
    void aPageOnOneInstanceHearsOfPlansEveryInstanceFolds(TestPlatform platform) throws Exception {
        TopicLayout layout = ProjectionsFixtures.layout(platform, "console-two").withPartitions(4);
        ProjectionsConfig config = ProjectionsFixtures.config(platform, layout);
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout);
             ProjectionsApp first = ProjectionsApp.start(config);
             ProjectionsApp second = ProjectionsApp.start(config)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> ApiClient.get(first.url() + "/health").status() == 200
                    && ApiClient.get(second.url() + "/health").status() == 200);
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(first.url() + "/console/events")).GET()
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            java.util.Set<String> wanted = new java.util.TreeSet<>();
            for (int i = 0; i < 12; i++) {
                wanted.add("spread-" + i);
            }
            CompletableFuture<java.util.Set<String>> heard = CompletableFuture.supplyAsync(() -> plansHeard(stream.body(), wanted));
            await().atMost(Duration.ofSeconds(10)).until(() -> first.consoleStream().openPages() == 1);
            for (String plan : wanted) {
                bus.emit(DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId(plan).rootPlanId(plan).build());
            }
            bus.flush();
            assertThat(heard.get(60, TimeUnit.SECONDS)).as("plans folded by either instance").containsAll(wanted);
            Set<String> servedBy = new java.util.TreeSet<>();
            for (String plan : wanted) {
                servedBy.add(ApiClient.get(first.url() + "/plans/" + plan).body().path("servedBy").asText());
            }
            assertThat(servedBy).as("the plans are folded on both instances").hasSize(2);
        }
    }

    /** The plan ids the stream's {@code plans} messages name, read until every wanted one was named. */
    private static java.util.Set<String> plansHeard(InputStream body, java.util.Set<String> wanted) {
        java.util.Set<String> heard = new java.util.TreeSet<>();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            boolean inPlans = false;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event: ")) {
                    inPlans = line.equals("event: plans");
                } else if (inPlans && line.startsWith("data: ")) {
                    json.readTree(line.substring(6)).path("plans").forEach(plan -> heard.add(plan.asText()));
                    if (heard.containsAll(wanted)) {
                        return heard;
                    }
                }
            }
            return heard;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The data line of the first message that starts with {@code event} on the stream. Leaves the stream
     * open: a page closed here would free its place among the stream's pages whenever the next write to it fails.
     */
    private static String firstData(InputStream body, String event) {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        List<String> seen = new ArrayList<>();
        try {
            String line;
            boolean inEvent = false;
            while ((line = lines.readLine()) != null) {
                seen.add(line);
                if (line.equals(event)) {
                    inEvent = true;
                } else if (inEvent && line.startsWith("data: ")) {
                    return line;
                }
            }
            throw new IllegalStateException("the stream ended without " + event + ": " + seen);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpResponse<String> send(String method, String url, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
