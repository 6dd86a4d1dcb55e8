package io.agentevents.streams.app;

import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.client.QueryClient;
import io.agentevents.streams.http.QueryUsers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The query API with users: without credentials or with wrong ones every path answers 401 with a
 * basic-auth challenge; with them it answers as before, also for keys another instance owns (the
 * forwarded request carries the caller's credentials to the owner, which checks them again).
 */
@ExtendWith(SharedPlatformExtension.class)
class QueryApiAuthIT {

    @Test
    void onlyTheFilesUsersAreAnsweredOnEveryInstance(TestPlatform platform, @TempDir Path dir) throws Exception {
        Path users = Files.writeString(dir.resolve("query-users"), QueryUsers.line("auditor", "s3cret-query") + "\n");
        TopicLayout layout = ProjectionsFixtures.layout(platform, "auth").withPartitions(4);
        ProjectionsConfig config = ProjectionsFixtures.config(platform, layout).withQueryUsersFile(users);
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout);
             ProjectionsApp first = ProjectionsApp.start(config.withStateDirectory(dir.resolve("a")));
             ProjectionsApp second = ProjectionsApp.start(config.withStateDirectory(dir.resolve("b")))) {
            List<String> plans = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                plans.add("plan-" + i);
                bus.emit(DomainEvent.builder(EventType.PLAN_CREATED).source("p").planId("plan-" + i).build());
            }
            bus.flush();
            String withUser = first.url().replace("http://", "http://auditor:s3cret-query@");
            try (QueryClient client = QueryClient.connect(withUser, Duration.ofSeconds(30))) {
                assertThat(client.baseUrl()).as("no password in what it shows").doesNotContain("s3cret");
                await().atMost(Duration.ofSeconds(90)).until(() -> plans.stream().allMatch(p -> client.plan(p).isPresent()));
                assertThat(plans).allSatisfy(p -> assertThat(client.plan(p).orElseThrow().freshness().servedBy()).isNotBlank());
                // the second instance may join after the first ran alone and took every task: await the group with both
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                        assertThat(plans.stream().map(p -> client.plan(p).orElseThrow().freshness().servedBy()).distinct().count())
                                .as("keys of both instances answered through the first (forwarded with the caller's credentials)")
                                .isEqualTo(2));
            }

            HttpClient http = HttpClient.newHttpClient();
            String login = "Basic " + java.util.Base64.getEncoder().encodeToString("auditor:s3cret-query".getBytes());
            for (String url : List.of(first.url(), second.url())) {
                // the console's plan list gathers every instance's plans, asking the others with the caller's credentials
                HttpResponse<String> roots = http.send(HttpRequest.newBuilder(URI.create(url + "/console/api/roots?limit=200"))
                        .header("Authorization", login).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(roots.statusCode()).as(url + " console roots").isEqualTo(200);
                assertThat(roots.body()).contains("\"total\":12");
            }
            for (String url : List.of(first.url(), second.url())) {
                for (String path : List.of("/health", "/plans/plan-1", "/nowhere", "/metrics", "/", "/console/events", "/console/api/roots")) {
                    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(anonymous.statusCode()).as(url + path).isEqualTo(401);
                    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).contains(QueryUsers.CHALLENGE);
                    assertThat(anonymous.body()).doesNotContain("plan-1\"");
                }
                HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(url + "/health"))
                        .header("Authorization", "Basic YXVkaXRvcjp3cm9uZw==").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(wrong.statusCode()).as("auditor:wrong").isEqualTo(401);
            }
        }
    }
}
