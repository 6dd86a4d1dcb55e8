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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several instances, and an instance killed mid-stream: any instance answers any key; nothing is counted twice. */
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

    /**
     * A real crash: the first instance runs in a child JVM and is killed with SIGKILL while it works
     * through a backlog, so its open transaction is never committed nor aborted by it. A second
     * instance with the same application id and state directory takes over; more events arrive
     * after the crash. Every plan's counts must equal those of the emitted events: nothing counted
     * twice, nothing missing.
     */
    @Test
    void anInstanceKilledMidStreamAndRestartedCountsNoEventTwiceAndMissesNone(TestPlatform platform, @TempDir Path dir)
            throws Exception {
        TopicLayout layout = ProjectionsFixtures.layout(platform, "crash");
        ProjectionsConfig config = ProjectionsFixtures.config(platform, layout).withStateDirectory(dir.resolve("state"));
        Map<String, Long> expectedToolCalls = new HashMap<>();
        Random random = new Random(11);
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout)) {
            emitToolCalls(bus, 4_000, random, expectedToolCalls);

            ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ProjectionsService.class.getName())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child.log").toFile());
            child.environment().putAll(config.toEnvironment());
            Process crashing = child.start();
            try {
                String url = await().atMost(Duration.ofSeconds(60)).until(() -> readyUrl(dir.resolve("child.log")), u -> u != null);
                await().atMost(Duration.ofSeconds(60)).until(() -> ApiClient.get(url + "/plans/plan-0").status() == 200);
            } finally {
                crashing.destroyForcibly().waitFor();
            }
            emitToolCalls(bus, 1_000, random, expectedToolCalls);

            try (ProjectionsApp second = ProjectionsApp.start(config)) {
                await().atMost(Duration.ofMinutes(2)).until(() -> expectedToolCalls.entrySet().stream().allMatch(entry -> {
                    ApiClient.Answer answer = ApiClient.get(second.url() + "/plans/" + entry.getKey());
                    return answer.status() == 200 && answer.body().at("/plan/eventCount").asLong() >= entry.getValue();
                }));
                long total = 0;
                for (var entry : expectedToolCalls.entrySet()) {
                    ApiClient.Answer answer = ApiClient.get(second.url() + "/plans/" + entry.getKey());
                    assertThat(answer.body().at("/plan/toolCalls").asLong()).as(entry.getKey()).isEqualTo(entry.getValue());
                    assertThat(answer.body().at("/plan/eventCount").asLong()).as(entry.getKey()).isEqualTo(entry.getValue());
                    total += answer.body().at("/plan/toolCalls").asLong();
                }
                System.out.printf("projection crash: %d events, child JVM killed mid-backlog, after restart %d tool calls "
                        + "folded over %d plans (expected %d)%n", 5_000, total, expectedToolCalls.size(), 5_000);
            }
        }
    }

    private static void emitToolCalls(KafkaEventBus bus, int count, Random random, Map<String, Long> expected) {
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String planId = "plan-" + random.nextInt(30);
            expected.merge(planId, 1L, Long::sum);
            sent.add(bus.emit(DomainEvent.builder(EventType.TOOL_INVOKED).source("runner").planId(planId).build()));
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
    }

    private static String readyUrl(Path log) throws java.io.IOException {
        if (!Files.exists(log)) {
            return null;
        }
        return Files.readAllLines(log).stream().filter(line -> line.startsWith("projections ready: "))
                .map(line -> line.substring("projections ready: ".length()).trim()).findFirst().orElse(null);
    }
}
