package io.agentevents.platform;

import io.agentevents.local.LocalPlatformConfig;
import io.agentevents.streams.client.QueryClient;

import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The one assembly of the embedded platform and the projections, as eventbus local runs it. */
class RunningPlatformIT {

    @Test
    void startsKafkaTheRegistryAndTheProjectionsAndStopsThemAll(@TempDir Path data) throws Exception {
        try (RunningPlatform running = RunningPlatform.start(LocalPlatformConfig.onFreePorts().withDataDirectory(data));
             QueryClient api = running.queryClient(Duration.ofSeconds(10))) {
            assertThat(running.platform().bootstrapServers()).startsWith("127.0.0.1:");
            assertThat(running.platform().topicLayout().prefix()).isEqualTo("events");
            assertThat(running.queryUrl()).isEqualTo(api.baseUrl()).startsWith("http://127.0.0.1:");
            HttpResponse<String> subjects = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(running.platform().schemaRegistryUrl() + "/subjects")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(subjects.statusCode()).isEqualTo(200);

            // Kafka Streams may rebalance once more after its first RUNNING (a second stream thread's probing
            // rebalance; seen in CI): the state and the health answer agree once it is running for good
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(running.projectionsState()).isEqualTo(KafkaStreams.State.RUNNING);
                assertThat(api.health().status()).isEqualTo("RUNNING");
            });
            assertThat(api.plan("nothing-yet")).isEmpty();
            assertThat(Files.isDirectory(data.resolve("projections"))).as("the projections keep their state in the data directory")
                    .isTrue();
        }
    }
}
