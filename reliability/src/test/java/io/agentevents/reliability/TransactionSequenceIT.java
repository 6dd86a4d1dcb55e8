package io.agentevents.reliability;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Exactly-once on the brokers' side: why the brokers log {@code OutOfOrderSequenceException ...
 * Expected sequence 0 for transactions v2 idempotent producer with no existing state} for the
 * projections' transactional producers, and that it is Kafka's retriable path, not a loss.
 *
 * <p>Under transactions v2 (KIP-890) every transaction bumps the producer epoch and starts its
 * sequences at 0 on each partition, and a commit returns before the coordinator has written the
 * markers. A transaction that begins at once and pipelines several batches to a partition whose
 * previous transaction is not yet marked gets {@code CONCURRENT_TRANSACTIONS} for its first batch
 * (sequence 0); the batches in flight behind it (sequence 1, 2, ...) then meet a partition with no
 * state for the new epoch and are refused with that retriable {@code OUT_OF_ORDER_SEQUENCE_NUMBER}
 * (KAFKA-18202), which the broker logs at ERROR. The producer retries them in order once the first
 * batch is in. This test drives exactly that pattern, back-to-back transactions of many small
 * batches to one partition with five requests in flight, captures what the brokers log, and
 * asserts that every send and every commit succeeded and a {@code read_committed} reader sees each
 * record once, in order. The refusal is a race with the markers: when a run never met it (an idle
 * machine rarely does), the test is reported aborted, not passed, with the count.
 */
@Order(3)
@ExtendWith(ReliabilityClusterExtension.class)
class TransactionSequenceIT {
    private static final String REFUSAL = "Expected sequence 0 for transactions v2";

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // the long variant: at least 2,000 transactions, up to 300 s for a refusal
    void pipelinedBatchesRefusedAtATransactionsStartAreRetriedNeitherLostNorDuplicated(ReliabilityCluster cluster)
            throws Exception {
        String topic = cluster.uniqueName("tx-sequence");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) ReliabilityCluster.NODES)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(60, TimeUnit.SECONDS);
        }
        int minimum = Scale.count(200, 2_000);
        long budget = TimeUnit.SECONDS.toNanos(Scale.count(15, 300));
        int perTransaction = 20;
        RefusalCounter refusals = new RefusalCounter();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        refusals.start();
        root.addAppender(refusals);
        int transactions = 0;
        AtomicLong failedSends = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();
        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-producer",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.BATCH_SIZE_CONFIG, 256, // a few records per batch: many batches in flight per transaction
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            producer.initTransactions();
            // at least `minimum` transactions, and on until the brokers have refused a pipelined batch (or the budget is spent)
            while (transactions < minimum || refusals.count() == 0 && System.nanoTime() - started < budget) {
                producer.beginTransaction();
                for (int i = 0; i < perTransaction; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, "key", value(transactions, i)), (metadata, failure) -> {
                        if (failure != null) {
                            failedSends.incrementAndGet();
                            firstFailure.compareAndSet(null, failure);
                        }
                    });
                }
                producer.commitTransaction(); // throws if a send failed for good
                transactions++;
            }
        } finally {
            root.detachAppender(refusals);
        }
        Duration producing = Duration.ofNanos(System.nanoTime() - started);

        List<String> read = readCommitted(cluster, topic);
        List<String> expected = new ArrayList<>();
        for (int t = 0; t < transactions; t++) {
            for (int i = 0; i < perTransaction; i++) {
                expected.add(value(t, i));
            }
        }
        Figures.of("transaction sequences").put("transactions", transactions).put("records", expected.size())
                .put("refusals_logged", refusals.count()).put("failed_sends", failedSends.get()).put("read", read.size())
                .put("producing", producing).print();

        assertThat(failedSends.get()).as("sends that failed for good (first: %s)", firstFailure.get()).isZero();
        assertThat(read).as("what a read_committed reader sees: every record once, in order").containsExactlyElementsOf(expected);
        // the refusal is a race with the previous transaction's markers: frequent on a loaded machine (1 in ~200
        // transactions at load 35), rare on an idle one (none in 1,056); a run that never met it proves less, and says so
        assumeTrue(refusals.count() > 0, "the brokers refused no pipelined batch in " + transactions + " transactions: "
                + "this run did not exercise the retriable path (no loss or duplicate either)");
    }

    /** Counts what the brokers (in this JVM) log about the refusal; safe to read while they log. */
    private static final class RefusalCounter extends AppenderBase<ILoggingEvent> {
        private final AtomicLong count = new AtomicLong();

        @Override
        protected void append(ILoggingEvent event) {
            IThrowableProxy thrown = event.getThrowableProxy();
            if (String.valueOf(event.getFormattedMessage()).contains(REFUSAL)
                    || thrown != null && String.valueOf(thrown.getMessage()).contains(REFUSAL)) {
                count.incrementAndGet();
            }
        }

        long count() {
            return count.get();
        }
    }

    private static String value(int transaction, int record) {
        return "t" + transaction + "-r" + record;
    }

    private static List<String> readCommitted(ReliabilityCluster cluster, String topic) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
