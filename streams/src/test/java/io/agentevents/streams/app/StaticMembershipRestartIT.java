package io.agentevents.streams.app;

import io.agentevents.local.testing.GroupGenerations;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import org.apache.kafka.clients.CommonClientConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Static membership across a clean restart: an instance closed and started again with the same
 * instance id and address (within the session timeout) takes its old place in the group without a rebalance,
 * so the group generation stays what it was. (Closing used to leave the group, which a static
 * member may do only by rebalancing everyone: two rebalances per restarted instance.)
 */
@ExtendWith(SharedPlatformExtension.class)
class StaticMembershipRestartIT {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aStaticMemberRestartedCleanlyRejoinsWithoutARebalance(TestPlatform platform, @TempDir Path dir)
            throws java.io.IOException {
        TopicLayout layout = ProjectionsFixtures.layout(platform, "static");
        ProjectionsConfig base = ProjectionsFixtures.config(platform, layout).withStreamThreads(1);
        // the same address after the restart: a member whose application.server changed has Kafka Streams
        // rebalance at once, to tell the others where its keys are now. The first start binds a port of its own
        // choosing; the restart takes that port again as soon as the first has closed
        ProjectionsConfig first = base.withInstanceId("static-a").withStateDirectory(dir.resolve("a")).withHttpPort(0);
        ProjectionsConfig second = base.withInstanceId("static-b").withStateDirectory(dir.resolve("b"));
        Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout);
             ProjectionsApp other = ProjectionsApp.start(second)) {
            bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("planner").planId("p-1").rootPlanId("p-1")
                    .build());
            ProjectionsApp restarted;
            OptionalInt before;
            int port;
            try (ProjectionsApp app = ProjectionsApp.start(first)) {
                port = app.httpPort();
                before = awaitStableGeneration(client, base.applicationId(), app, other);
            }
            restarted = ProjectionsApp.start(first.withHttpPort(port));
            try (restarted) {
                EmitResult landed = bus.emitAndWait(DomainEvent.builder(EventType.TOOL_INVOKED).source("runner")
                        .planId("p-1").rootPlanId("p-1").build());
                ApiClient.Answer plan = ApiClient.get(restarted.url() + "/plans/p-1?waitFor=" + landed.waitFor() + "&waitMs=30000");
                assertThat(plan.status()).as("%s", plan.body()).isEqualTo(200);
                assertThat(plan.body().at("/plan/eventCount").asLong()).isEqualTo(2);
                await().atMost(Duration.ofSeconds(60)).until(() -> ApiClient.get(restarted.url() + "/health").status() == 200);

                assertThat(GroupGenerations.current(client, base.applicationId(), Duration.ofSeconds(10)))
                        .as("the group generation after a static member's clean restart").isEqualTo(before);
                assertThat(ApiClient.get(other.url() + "/health").status()).isEqualTo(200);
            }
        }
    }

    /** Waits until both instances run and the generation has stayed the same over two reads a second apart. */
    private static OptionalInt awaitStableGeneration(Map<String, Object> client, String group, ProjectionsApp... apps) {
        AtomicReference<OptionalInt> last = new AtomicReference<>(OptionalInt.empty());
        return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            for (ProjectionsApp app : apps) {
                if (ApiClient.get(app.url() + "/health").status() != 200) {
                    return OptionalInt.empty();
                }
            }
            OptionalInt now = GroupGenerations.current(client, group, Duration.ofSeconds(10));
            OptionalInt previous = last.getAndSet(now);
            return now.isPresent() && now.equals(previous) ? now : OptionalInt.empty();
        }, OptionalInt::isPresent);
    }
}
