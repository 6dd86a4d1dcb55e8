package io.agentevents.streams.client;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against a JDK HTTP server stub scripted answer by answer: 503s, errors, odd bodies. */
class QueryClientTest {
    private static final String PLAN = "{\"plan\":{\"planId\":\"p-1\",\"status\":\"running\",\"toolCalls\":2,"
            + "\"decisionsByOutcome\":{\"approved\":1},\"createdAt\":\"2026-11-28T10:00:00.123456Z\",\"inputOffsets\":{\"events.plan-0\":3}},"
            + "\"offsets\":{\"events.plan-0\":3},\"servedBy\":\"127.0.0.1:1\"}";

    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Long> requestTimes = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private record Answer(int status, String body, String retryAfter) {
    }

    private String serve(Answer... answers) throws IOException {
        script.addAll(List.of(answers));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requestTimes.add(System.nanoTime());
            requests.add(exchange.getRequestURI().toString());
            Answer answer;
            synchronized (script) {
                answer = script.size() > 1 ? script.poll() : script.peek();
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().set("Retry-After", answer.retryAfter());
            }
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void a503WithRetryAfterIsWaitedOutAndTheNextAnswerRead() throws IOException {
        String url = serve(new Answer(503, "{\"error\":\"rebalancing\",\"status\":503}", "1"), new Answer(200, PLAN, null));
        try (QueryClient client = QueryClient.connect(url, Duration.ofSeconds(10))) {
            PlanAnswer answer = client.plan("p-1").orElseThrow();

            assertThat(answer.plan().planId()).isEqualTo("p-1");
            assertThat(answer.plan().status()).isEqualTo("running");
            assertThat(answer.plan().toolCalls()).isEqualTo(2);
            assertThat(answer.plan().decisionsByOutcome()).containsEntry("approved", 1L);
            assertThat(answer.freshness().offsets()).containsEntry("events.plan-0", 3L);
            assertThat(answer.freshness().servedBy()).isEqualTo("127.0.0.1:1");
            assertThat(answer.freshness().caughtUp()).isNull();
            assertThat(requestTimes).hasSize(2);
            assertThat(Duration.ofNanos(requestTimes.get(1) - requestTimes.get(0))).as("waited as Retry-After said")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(requests).containsOnly("/plans/p-1");
        }
    }

    @Test
    void stillNotReadyAtTheDeadlineIsAClearErrorForTypedReadsAndTheLast503ForRawOnes() throws IOException {
        String url = serve(new Answer(503, "{\"error\":\"the projections are not queryable right now\",\"status\":503}", "1"));
        try (QueryClient client = QueryClient.connect(url, Duration.ofMillis(1_500))) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> client.plan("p-1")).isInstanceOfSatisfying(QueryApiException.class, e -> {
                assertThat(e.isNotReady()).isTrue();
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.error()).isEqualTo("the projections are not queryable right now");
                assertThat(e.getMessage()).contains(url.replaceAll("/$", "")).contains("still not ready after 1500 ms");
            });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(1_400), Duration.ofSeconds(5));

            RawAnswer raw = client.get(QueryPath.plan("p-1"));
            assertThat(raw.status()).isEqualTo(503);
            assertThat(raw.body()).contains("not queryable");
        }
    }

    @Test
    void a4xxIsATypedErrorWithTheApisMessageAndA404IsEmpty() throws IOException {
        String url = serve(new Answer(400, "{\"error\":\"waitFor must be <topic>-<partition>:<offset>\",\"status\":400}", null),
                new Answer(404, "{\"error\":\"no plan 'p-2'\",\"status\":404}", null));
        try (QueryClient client = QueryClient.connect(url)) {
            assertThatThrownBy(() -> client.plan("p-2", "nonsense", Duration.ofSeconds(1)))
                    .isInstanceOfSatisfying(QueryApiException.class, e -> {
                        assertThat(e.isClientError()).isTrue();
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.error()).startsWith("waitFor must be");
                        assertThat(e.body()).contains("\"status\":400");
                    });
            assertThat(requests.get(0)).isEqualTo("/plans/p-2?waitFor=nonsense&waitMs=1000");
            assertThat(client.plan("p-2")).isEmpty();
            assertThat(client.auditOfPlan("p-2")).isEmpty();
        }
    }

    @Test
    void noAnswerAtAllIsAQueryApiExceptionWithStatusZero() throws IOException {
        String url = serve(new Answer(200, PLAN, null));
        server.stop(0);
        try (QueryClient client = QueryClient.connect(url)) {
            assertThatThrownBy(() -> client.plan("p-1")).isInstanceOfSatisfying(QueryApiException.class, e -> {
                assertThat(e.status()).isZero();
                assertThat(e.getMessage()).contains("did not answer");
            });
        }
    }

    @Test
    void badBaseUrlsAreRefusedWhenConnecting() {
        assertThatThrownBy(() -> QueryClient.connect("not a url")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueryClient.connect("ftp://127.0.0.1:1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QueryClient.connect("localhost:8080")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathsAreEncodedAsTheApiDecodesThem() {
        assertThat(QueryPath.plan("a b+c/d").value()).isEqualTo("/plans/a%20b%2Bc%2Fd");
        assertThat(QueryPath.auditOfPlan("p 1").value()).isEqualTo("/audit?planId=p%201");
        assertThat(QueryPath.plansOfRoot("r").waitingFor("events.plan-2:57", Duration.ofSeconds(30)).value())
                .isEqualTo("/plans?rootPlanId=r&waitFor=events.plan-2%3A57&waitMs=30000");
    }
}
