package io.agentevents.local.kafka;

import io.agentevents.local.internal.FreePorts;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Isolated;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A closed cluster leaves nothing behind: no files, no threads, also after a start made again on other ports. */
@Isolated // counts the JVM's threads before and after
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the controller-port test last: tests without @Order come first
class EmbeddedKafkaCleanUpIT {

    @Test
    void closeLeavesNoFilesAndNoThreadsBehind() {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        Path directory;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.singleNode())) {
            directory = kafka.dataDirectory();
            assertThat(directory).isDirectory();
        }
        assertThat(directory).doesNotExist();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(threadsStartedSince(before)).as("threads started by the cluster and still alive").isEmpty());
    }

    @Test
    void aChosenPortTakenBeforeItsNodeListensMakesTheStartTryOtherPortsAndLeavesNothingBehind() throws Exception {
        startWithPortTaken(0, true); // the first port handed out: a single node's broker listener
    }

    /**
     * A node that cannot listen on its controller port has Kafka halt the JVM (its fatal fault handler):
     * it ended a whole test JVM in CI. The embedded node refuses that; the start is made again. It runs last and
     * does not count threads: whether a controller that failed half-way leaves threads of Kafka's behind is not
     * what it checks, and the other tests of this class would count them.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void theControllersPortTakenBeforeTheNodeListensDoesNotEndThisJvmAndTheStartTriesOtherPorts() throws Exception {
        startWithPortTaken(1, false); // the second port handed out: a single node's controller listener
    }

    private static void startWithPortTaken(int index, boolean checkThreads) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            // the port handed out at that index is one another socket holds by the time the node binds it
            AtomicInteger handedOut = new AtomicInteger();
            IntSupplier ports = () -> handedOut.getAndIncrement() == index ? port : FreePorts.find();
            try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.singleNode(), ports)) {
                assertThat(kafka.bootstrapServers()).isNotEqualTo("127.0.0.1:" + port);
                try (var producer = EmbeddedKafkaIT.producer(kafka)) {
                    producer.send(new ProducerRecord<>("after-a-retry", "k", "served")).get(30, TimeUnit.SECONDS);
                }
                assertThat(EmbeddedKafkaIT.readAll(kafka, "after-a-retry", 1)).containsExactly("served");
            }
        }
        if (checkThreads) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(threadsStartedSince(before)).as("threads of either start still alive").isEmpty());
        }
    }

    private static Set<String> threadsStartedSince(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !before.contains(thread) && thread.isAlive())
                .filter(thread -> !thread.getName().startsWith("awaitility"))
                .map(Thread::getName).collect(Collectors.toSet());
    }
}
