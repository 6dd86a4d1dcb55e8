package io.agentevents.local.kafka;

import io.agentevents.local.LocalPlatformException;
import io.agentevents.local.internal.FreePorts;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded cluster itself: several nodes, a node stopped and restarted, data kept, ports taken. */
@Order(1) // its three-node test is among the longest of this module: started first
class EmbeddedKafkaIT {

    @Test
    void aThreeNodeClusterKeepsServingWhileOneNodeIsDownAndTakesItBack() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.nodes(3))) {
            assertThat(kafka.nodeIds()).containsExactly(1, 2, 3);
            assertThat(kafka.bootstrapServers().split(",")).hasSize(3).allMatch(address -> address.startsWith("127.0.0.1:"));
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic("replicated", 3, (short) 3)
                        .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
            }
            try (var producer = producer(kafka)) {
                producer.send(new ProducerRecord<>("replicated", "k", "before")).get(30, TimeUnit.SECONDS);

                kafka.stopNode(2);
                assertThat(kafka.isRunning(2)).isFalse();
                // acks=all with min.insync.replicas=2 still succeeds with two of three replicas
                producer.send(new ProducerRecord<>("replicated", "k", "while-down")).get(60, TimeUnit.SECONDS);

                kafka.startNode(2);
                assertThat(kafka.isRunning(2)).isTrue();
                producer.send(new ProducerRecord<>("replicated", "k", "after")).get(30, TimeUnit.SECONDS);
            }
            assertThat(readAll(kafka, "replicated", 3)).containsExactly("before", "while-down", "after");
            assertThatThrownBy(() -> kafka.startNode(2)).hasMessageContaining("already running");
            assertThatThrownBy(() -> kafka.stopNode(7)).hasMessageContaining("no node 7");
        }
    }

    @Test
    void aClusterRestartedOnItsDataDirectoryKeepsTopicsAndOffsets(@TempDir Path data) throws Exception {
        EmbeddedKafkaConfig config = EmbeddedKafkaConfig.singleNode().withDataDirectory(data);
        String clusterId;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(config)) {
            assertThat(kafka.newCluster()).as("formatted by this start").isTrue();
            clusterId = kafka.clusterId();
            try (var producer = producer(kafka)) {
                for (int i = 0; i < 5; i++) {
                    producer.send(new ProducerRecord<>("kept", "k", "v" + i)).get(30, TimeUnit.SECONDS);
                }
            }
            try (var consumer = consumer(kafka, "keeper")) {
                consumer.commitSync(Map.of(new TopicPartition("kept", 0), new OffsetAndMetadata(3)));
            }
        }
        assertThat(data.resolve("node-1")).isDirectory();

        try (EmbeddedKafka kafka = EmbeddedKafka.start(config)) {
            assertThat(kafka.newCluster()).as("found formatted").isFalse();
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            assertThat(readAll(kafka, "kept", 5)).containsExactly("v0", "v1", "v2", "v3", "v4");
            try (var consumer = consumer(kafka, "keeper")) {
                assertThat(consumer.committed(Set.of(new TopicPartition("kept", 0))).get(new TopicPartition("kept", 0)).offset())
                        .isEqualTo(3);
            }
        }
        assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafkaConfig.nodes(3).withDataDirectory(data)))
                .isInstanceOf(LocalPlatformException.class)
                .hasMessageContaining("holds a cluster of 1 node(s)");
    }

    @Test
    void aTakenPortIsRefusedNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafkaConfig.singleNode().withBrokerPorts(List.of(port))))
                    .isInstanceOf(LocalPlatformException.class)
                    .hasMessageContaining("127.0.0.1:" + port);
        }
    }

    @Test
    void aPortTakenAtEveryStartFailsNamingThePort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            // a one-node start asks for two ports, the broker's first: that one is the taken port every time
            AtomicInteger handedOut = new AtomicInteger();
            IntSupplier ports = () -> handedOut.getAndIncrement() % 2 == 0 ? port : FreePorts.find();
            assertThatThrownBy(() -> EmbeddedKafka.start(EmbeddedKafkaConfig.singleNode(), ports))
                    .isInstanceOf(LocalPlatformException.class)
                    .hasMessageContaining("127.0.0.1:" + port)
                    .hasMessageContaining(PortRace.ATTEMPTS + " starts");
        }
    }

    @Test
    void badConfigurationsAreRefusedNamingTheField() {
        assertThatThrownBy(() -> EmbeddedKafkaConfig.nodes(0)).hasMessageContaining("nodes must be 1..9, was 0");
        assertThatThrownBy(() -> EmbeddedKafkaConfig.nodes(2).withBrokerPorts(List.of(1)))
                .hasMessageContaining("one port per node");
        assertThatThrownBy(() -> EmbeddedKafkaConfig.singleNode().withBrokerPorts(List.of(70_000)))
                .hasMessageContaining("70000");
    }

    static Admin admin(EmbeddedKafka kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    static KafkaConsumer<String, String> consumer(EmbeddedKafka kafka, String group) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    static List<String> readAll(EmbeddedKafka kafka, String topic, int count) {
        List<String> values = new java.util.ArrayList<>();
        try (var consumer = consumer(kafka, "reader-" + System.nanoTime())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
            }
        }
        return values;
    }
}
