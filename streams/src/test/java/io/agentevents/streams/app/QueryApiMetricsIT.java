package io.agentevents.streams.app;

import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;
import io.micrometer.core.instrument.Counter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code GET /metrics}: the projections' meters in Prometheus text, on the shared embedded broker. */
@ExtendWith(SharedPlatformExtension.class)
class QueryApiMetricsIT {

    @Test
    void metricsShowsKafkaStreamsTheProjectionsTheQueryApiAndTheJvmInPrometheusText(TestPlatform platform) throws Exception {
        TopicLayout layout = ProjectionsFixtures.layout(platform, "metrics");
        ProjectionsConfig config = ProjectionsFixtures.config(platform, layout);
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout);
             ProjectionsApp app = ProjectionsApp.start(config)) {
            EmitResult landed = bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("p").planId("m-1").build());
            assertThat(ApiClient.getPast503(app.url() + "/plans/m-1?waitFor=" + landed.waitFor() + "&waitMs=30000").status())
                    .isEqualTo(200);
            assertThat(ApiClient.getPast503(app.url() + "/plans/nothing-here").status()).isEqualTo(404);
            // a meter another part of the process added is served too
            Counter.builder("agent.custom").register(app.meterRegistry()).increment(3);

            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(app.url() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/plain"));
            String text = metrics.body();
            // the query API's requests by route (ids never become labels) and status
            assertThat(text).contains("eventbus_query_requests_seconds_count{route=\"/plans/{planId}\",status=\"200\"} 1")
                    .contains("eventbus_query_requests_seconds_count{route=\"/plans/{planId}\",status=\"404\"} 1")
                    .doesNotContain("m-1");
            // the projections: running, nothing skipped
            assertThat(text).contains("eventbus_projections_running{application=\"" + config.applicationId() + "\"} 1")
                    .contains("eventbus_projections_skipped_total{application=\"" + config.applicationId()
                            + "\",reason=\"undecodable\"} 0");
            // Kafka Streams and its clients, the JVM, and the process's own meter
            assertThat(text).containsPattern("(?m)^kafka_stream_\\w+")
                    .containsPattern("(?m)^kafka_consumer_\\w+")
                    .contains("jvm_memory_used_bytes")
                    .contains("agent_custom_total 3");
            // every line is a comment or a sample: Prometheus text format
            assertThat(text.lines().filter(line -> !line.isBlank()))
                    .allSatisfy(line -> assertThat(line).matches("^(#.*|[a-zA-Z_:][a-zA-Z0-9_:]*(\\{.*\\})? \\S+)$"));
            // docs/observability.md lists every eventbus_* metric served here, and every one the Grafana dashboard queries
            String doc = Files.readString(Path.of("..", "docs", "observability.md"));
            Set<String> served = metricNames(text);
            assertThat(served).as("eventbus metrics served").isNotEmpty()
                    .allSatisfy(name -> assertThat(doc).as("docs/observability.md").contains("`" + name));
            String dashboard = Files.readString(Path.of("..", "docs", "grafana", "eventbus-dashboard.json"));
            assertThat(metricNames(dashboard)).as("eventbus metrics the dashboard queries").isNotEmpty()
                    .allSatisfy(name -> assertThat(doc).as("docs/observability.md").contains("`" + name));
            await().atMost(Duration.ofSeconds(10)).until(() -> http.send(HttpRequest.newBuilder(URI.create(app.url()
                    + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body()
                    .contains("eventbus_query_requests_seconds_count{route=\"/metrics\",status=\"200\"}"));
        }
    }

    /** The eventbus_* metric names in a text, without Prometheus' _total/_bucket/_count/_sum/_max suffixes. */
    private static Set<String> metricNames(String text) {
        Set<String> names = new TreeSet<>();
        Matcher name = Pattern.compile("\\beventbus_[a-z_]+").matcher(text);
        while (name.find()) {
            names.add(name.group().replaceAll("_(total|bucket|count|sum|max)$", ""));
        }
        return names;
    }
}
