package io.agentevents.platform.demo;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.schemas.registry.HttpSchemaRegistryClient;
import io.agentevents.schemas.registry.SchemaRegistryClient;
import io.agentevents.schemas.serde.DomainEventDeserializer;
import io.agentevents.schemas.serde.SerdeConfig;
import io.agentevents.schemas.topics.TopicLayout;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads back every event of a demo run from its topics and checks its traces: each event an agent
 * emitted in reaction to another (its {@code causation_id} names an event of the run) carries, in its
 * W3C {@code traceparent} header, the trace id of the event that caused it, so that each plan tree
 * is one trace across the agent processes.
 */
final class TraceCheck {
    private static final Duration READ_PATIENCE = Duration.ofSeconds(30);

    /**
     * What the read found.
     *
     * @param events    events of the run read
     * @param traces    distinct trace ids among them
     * @param reactions events whose cause is an event of the run
     * @param broken    reactions outside their cause's trace (or without a valid traceparent), each described
     */
    record Result(int events, int traces, int reactions, List<String> broken) {
    }

    private record Read(DomainEvent event, String traceId) {
    }

    private TraceCheck() {
    }

    /** Reads the run's events (project name {@code run}) from every domain topic of {@code layout}. */
    static Result check(ClusterConnection cluster, TopicLayout layout, String run) {
        Map<String, Read> byId = new HashMap<>();
        try (SchemaRegistryClient registry = new HttpSchemaRegistryClient(cluster.registry());
             DomainEventDeserializer deserializer = new DomainEventDeserializer(registry, SerdeConfig.defaults());
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(cluster),
                     new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Domain domain : Domain.values()) {
                consumer.partitionsFor(layout.topic(domain)).forEach(info ->
                        partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + READ_PATIENCE.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    DomainEvent event;
                    try {
                        event = deserializer.deserialize(record.topic(), record.headers(), record.value());
                    } catch (RuntimeException e) {
                        continue; // not an event of the contract: not the demo's
                    }
                    if (event != null && run.equals(event.projectName())) {
                        byId.put(event.eventId(), new Read(event, CloudEventHeaders.traceId(record.headers()).orElse(null)));
                    }
                }
            }
        }
        Set<String> traces = new HashSet<>();
        int reactions = 0;
        List<String> broken = new ArrayList<>();
        for (Read read : byId.values()) {
            if (read.traceId() != null) {
                traces.add(read.traceId());
            }
            Read cause = read.event().causationId() == null ? null : byId.get(read.event().causationId());
            if (cause == null) {
                continue;
            }
            reactions++;
            if (read.traceId() == null || !read.traceId().equals(cause.traceId())) {
                broken.add(read.event().type().wireName() + " " + read.event().eventId() + " from " + read.event().source()
                        + " has trace " + read.traceId() + ", its cause " + cause.event().type().wireName() + " "
                        + cause.event().eventId() + " trace " + cause.traceId());
            }
        }
        return new Result(byId.size(), traces.size(), reactions, broken);
    }

    private static Map<String, Object> consumerProperties(ClusterConnection cluster) {
        Map<String, Object> props = new HashMap<>(cluster.clientProperties());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }
}
