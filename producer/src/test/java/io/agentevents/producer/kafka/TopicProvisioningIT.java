package io.agentevents.producer.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.agentevents.local.testing.SharedPlatformExtension;
import io.agentevents.local.testing.TestPlatform;
import io.agentevents.producer.inprocess.CapturedLog;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.topics.TopicLayout;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starting a bus that creates its topics: Kafka's admin client used to log an ERROR line
 * ("Received unknown topic error for topic ...") for each new topic the broker answering did not
 * know yet while the bus waited for the topics' leaders. Users took those lines for a failure.
 */
@ExtendWith(SharedPlatformExtension.class)
class TopicProvisioningIT {

    @Test
    void aBusCreatingItsTopicsLogsNoErrorAndEmitsAtOnce(TestPlatform platform) {
        String clientId = platform.uniqueName("provisioning");
        List<String> errors;
        try (CapturedLog admin = CapturedLog.capture("org.apache.kafka.clients.admin", null)) {
            for (int start = 0; start < 2; start++) {
                busyBroker(platform); // the broker still creating other partitions: new topics reach its metadata late
                TopicLayout layout = TopicLayout.local(1).withPrefix(platform.uniqueName("provisioning"));
                KafkaEventBusConfig config = KafkaEventBusConfig.local(platform.bootstrapServers(), platform.schemaRegistryUrl())
                        .withTopics(layout).withClientId(clientId);
                try (KafkaEventBus bus = KafkaEventBus.start(config)) {
                    assertThat(bus.emitAndWait(DomainEvent.builder(EventType.PLAN_CREATED).source("provisioning-test")
                            .planId("p-" + start).build()).topic()).isEqualTo(layout.topic(EventType.PLAN_CREATED.domain()));
                }
            }
            errors = admin.events(Level.ERROR).stream()
                    .filter(event -> event.getThreadName().contains(clientId)) // this test's bus, not a class beside it
                    .map(ILoggingEvent::getFormattedMessage).toList();
        }
        assertThat(errors).as("ERROR lines of the bus's admin client while it created 2 x %d topics",
                TopicLayout.local(1).domainTopics().size() + TopicLayout.local(1).deadLetterTopics().size()).isEmpty();
    }

    /** Has the broker create 300 partitions of throw-away topics; returns once the controller has accepted them. */
    private static void busyBroker(TestPlatform platform) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()))) {
            String prefix = platform.uniqueName("busy");
            List<NewTopic> topics = IntStream.range(0, 100).mapToObj(i -> new NewTopic(prefix + "-" + i, 3, (short) 1)).toList();
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create the throw-away topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
