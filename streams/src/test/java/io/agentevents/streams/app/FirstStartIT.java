package io.agentevents.streams.app;

import io.agentevents.local.testing.GroupGenerations;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.kafka.KafkaEventBus;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A fresh instance's start: one rebalance, on the internal topic created as Kafka Streams would create it. */
@ExtendWith(SharedPlatformExtension.class)
class FirstStartIT {

    @Test
    void aFreshInstanceRebalancesOnceOnTheInternalTopicItCreatedAsKafkaStreamsWould(TestPlatform platform) throws Exception {
        TopicLayout layout = ProjectionsFixtures.layout(platform, "first-start");
        // one stream thread, one member: with two, the second thread's join may complete after the first's (the
        // embedded broker has no initial rebalance delay), which is a second generation for another reason
        ProjectionsConfig config = ProjectionsFixtures.config(platform, layout).withStreamThreads(1);
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        root.addAppender(logged);
        try (KafkaEventBus bus = ProjectionsFixtures.startBus(platform, layout)) {
            bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("p").planId("f-1").build());
            try (ProjectionsApp app = ProjectionsApp.start(config)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> ApiClient.get(app.url() + "/health").status() == 200);
                // left to Kafka Streams, the internal topic appeared during the first rebalance, and the members,
                // which had joined without it, rebalanced a second time (generation 2), up to a heartbeat (3 s) later
                Map<String, Object> client = Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
                await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(15)).until(() ->
                        GroupGenerations.current(client, config.applicationId(), Duration.ofSeconds(10)).equals(OptionalInt.of(1)));
                assertThat(transitions(logged, config)).containsExactly("CREATED -> REBALANCING", "REBALANCING -> RUNNING");

                String internal = RepartitionTopic.name(config.applicationId());
                try (Admin admin = Admin.create(config.adminProperties(Duration.ofSeconds(30)))) {
                    TopicDescription described = admin.describeTopics(Set.of(internal)).allTopicNames().get().get(internal);
                    assertThat(described.partitions()).hasSize(layout.partitions());
                    Config topicConfig = admin.describeConfigs(Set.of(new ConfigResource(ConfigResource.Type.TOPIC, internal)))
                            .all().get().values().iterator().next();
                    RepartitionTopic.CONFIGS.forEach((name, value) ->
                            assertThat(topicConfig.get(name).value()).as(name).isEqualTo(value));
                }
            }
        } finally {
            root.detachAppender(logged);
        }
    }

    /** The state changes this instance logged ("before -> after"), in order. */
    private static List<String> transitions(ListAppender<ILoggingEvent> logged, ProjectionsConfig config) {
        String prefix = "projections " + config.applicationId() + ": ";
        return List.copyOf(logged.list).stream().map(ILoggingEvent::getFormattedMessage)
                .filter(message -> message.startsWith(prefix) && message.contains(" -> "))
                .map(message -> message.substring(prefix.length()))
                .toList();
    }
}
