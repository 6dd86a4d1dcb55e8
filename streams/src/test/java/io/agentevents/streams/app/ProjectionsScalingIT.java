package io.agentevents.streams.app;

import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several instances: any instance answers any key. (An instance killed mid-stream and its successor
 * counting nothing twice is the reliability suite's {@code ProjectionCrashIT}, on a 3-node cluster.)
 */
@ExtendWith(SharedPlatformExtension.class)
class ProjectionsScalingIT {

    @Test
    void twoInstancesEachAnswerKeysOwnedByTheOther(TestPlatform platform, @TempDir Path dir) {
        TopicLayout layout = TopicLayout.local(1).withPrefix(platform.uniqueName("two")).withPartitions(4);
        ProjectionsConfig config = ProjectionsFixtures.config(platform, layout);
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout);
             ProjectionsApp first = ProjectionsApp.start(config.withStateDirectory(dir.resolve("a")));
             ProjectionsApp second = ProjectionsApp.start(config.withStateDirectory(dir.resolve("b")))) {
            List<String> plans = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String planId = "plan-" + i;
                plans.add(planId);
                bus.emit(DomainEvent.builder(EventType.PLAN_CREATED).source("p").planId(planId).build());
            }
            bus.flush();
            await().atMost(Duration.ofSeconds(90)).until(() -> plans.stream().allMatch(planId ->
                    ApiClient.get(first.url() + "/plans/" + planId).status() == 200
                            && ApiClient.get(second.url() + "/plans/" + planId).status() == 200));
            Set<String> servedByFirstAsked = new HashSet<>();
            for (String planId : plans) {
                ApiClient.Answer viaFirst = ApiClient.get(first.url() + "/plans/" + planId);
                ApiClient.Answer viaSecond = ApiClient.get(second.url() + "/plans/" + planId);
                assertThat(viaFirst.body().get("plan")).isEqualTo(viaSecond.body().get("plan"));
                servedByFirstAsked.add(viaFirst.body().get("servedBy").asText());
            }
            assertThat(servedByFirstAsked).as("keys of both instances answered through the first").hasSize(2);
        }
    }
}
