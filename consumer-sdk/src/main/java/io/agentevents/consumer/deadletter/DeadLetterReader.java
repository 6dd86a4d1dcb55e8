package io.agentevents.consumer.deadletter;

import io.agentevents.schemas.Domain;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads dead-letter topics from the beginning with a short-lived, assigned {@link KafkaConsumer}:
 * no group, nothing committed, bounded by the configured read timeout. Each call has its own
 * consumer, so the reader is thread-safe.
 */
final class DeadLetterReader {
    private static final Duration POLL = Duration.ofMillis(200);

    private final DeadLetterConfig config;
    private final DeadLetterDecoder decoder;
    private final String clientId;
    private final AtomicInteger reads = new AtomicInteger();

    DeadLetterReader(DeadLetterConfig config, DeadLetterDecoder decoder, String clientId) {
        this.config = config;
        this.decoder = decoder;
        this.clientId = clientId;
    }

    /**
     * Reads each partition of the topics from its beginning to its end at the start of the call,
     * handing {@code sink} the letters {@code keep} accepts, at most {@code maxPerPartition} of them
     * per partition, in offset order within a partition.
     */
    void scan(Map<String, Domain> topics, int maxPerPartition, Predicate<DeadLetter> keep, Consumer<DeadLetter> sink) {
        long deadline = System.nanoTime() + config.readTimeout().toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config.consumerProperties(nextClientId()))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics.keySet()) {
                partitions.addAll(partitions(consumer, topic, deadline));
            }
            if (partitions.isEmpty()) {
                return;
            }
            consumer.assign(partitions); // before listing offsets: read_committed end offsets are tracked per assigned partition
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(deadline, topics.keySet()));
            Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, remaining(deadline, topics.keySet()));
            Set<TopicPartition> active = new HashSet<>();
            List<TopicPartition> empty = new ArrayList<>();
            for (TopicPartition partition : partitions) {
                long begin = begins.getOrDefault(partition, 0L);
                if (begin < ends.getOrDefault(partition, 0L)) {
                    active.add(partition);
                    consumer.seek(partition, begin);
                } else {
                    empty.add(partition);
                }
            }
            consumer.pause(empty);
            Map<TopicPartition, Integer> kept = new HashMap<>();
            while (!active.isEmpty()) {
                Duration left = remaining(deadline, topics.keySet());
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(left.compareTo(POLL) < 0 ? left : POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (!active.contains(partition) || record.offset() >= ends.get(partition)) {
                        continue;
                    }
                    DeadLetter letter = decoder.decode(record, topics.get(record.topic()));
                    if (keep.test(letter)) {
                        sink.accept(letter);
                        if (kept.merge(partition, 1, Integer::sum) >= maxPerPartition) {
                            active.remove(partition);
                            consumer.pause(List.of(partition));
                        }
                    }
                }
                Set<TopicPartition> done = new HashSet<>();
                for (TopicPartition partition : active) {
                    if (consumer.position(partition, remaining(deadline, topics.keySet())) >= ends.get(partition)) {
                        done.add(partition);
                    }
                }
                active.removeAll(done);
                consumer.pause(done);
            }
        } catch (KafkaException e) {
            throw failure("cannot read " + topics.keySet(), e);
        }
    }

    /** The record at this position of a dead-letter topic, if there is one. */
    Optional<DeadLetter> read(String topic, Domain domain, int partition, long offset) {
        long deadline = System.nanoTime() + config.readTimeout().toNanos();
        Set<String> what = Set.of(topic);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config.consumerProperties(nextClientId()))) {
            TopicPartition wanted = new TopicPartition(topic, partition);
            if (!partitions(consumer, topic, deadline).contains(wanted)) {
                return Optional.empty();
            }
            List<TopicPartition> one = List.of(wanted);
            consumer.assign(one);
            long begin = consumer.beginningOffsets(one, remaining(deadline, what)).getOrDefault(wanted, 0L);
            long end = consumer.endOffsets(one, remaining(deadline, what)).getOrDefault(wanted, 0L);
            if (offset < begin || offset >= end) {
                return Optional.empty();
            }
            consumer.seek(wanted, offset);
            while (consumer.position(wanted, remaining(deadline, what)) <= offset) {
                Duration left = remaining(deadline, what);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(left.compareTo(POLL) < 0 ? left : POLL)) {
                    if (record.offset() == offset) {
                        return Optional.of(decoder.decode(record, domain));
                    }
                    if (record.offset() > offset) {
                        return Optional.empty(); // not a data record (e.g. a transaction marker)
                    }
                }
            }
            return Optional.empty();
        } catch (KafkaException e) {
            throw failure("cannot read " + topic + "-" + partition + "@" + offset, e);
        }
    }

    /** A client id per consumer, so that concurrent reads do not share one (Kafka registers metrics by it). */
    private String nextClientId() {
        return clientId + "-" + reads.incrementAndGet();
    }

    private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer, String topic, long deadline) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline, Set.of(topic)));
        List<TopicPartition> partitions = new ArrayList<>();
        if (infos != null) {
            infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        return partitions;
    }

    private Duration remaining(long deadline, Set<String> topics) {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new DeadLetterException("reading " + topics + " from " + config.connection().bootstrapServers()
                    + " did not finish within " + config.readTimeout().toMillis() + " ms", true, null);
        }
        return Duration.ofNanos(nanos);
    }

    private DeadLetterException failure(String what, KafkaException e) {
        return new DeadLetterException(what + " from " + config.connection().bootstrapServers() + ": " + e.getMessage(),
                e instanceof RetriableException, e);
    }
}
