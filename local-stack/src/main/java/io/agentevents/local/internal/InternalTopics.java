package io.agentevents.local.internal;

import io.agentevents.local.LocalPlatformException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.DescribeTransactionsOptions;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.TransactionalIdNotFoundException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Has Kafka create its internal topics for consumer groups ({@code __consumer_offsets}) and
 * transactions ({@code __transaction_state}) now rather than on first use. Kafka creates each,
 * with its own settings, when a client first asks for a group or transaction coordinator, and the
 * client then retries with growing pauses until the topic's partitions are served; asking early,
 * while nothing waits for it, takes that off the first group join and the first transactional
 * producer. Asks about a group and a transactional id that do not exist: "not found" is the answer
 * wanted. Stateless.
 */
public final class InternalTopics {
    private static final String PROBE = "eventbus-local-coordinator-probe";

    private InternalTopics() {
    }

    /**
     * Returns once both coordinators answer (both topics exist and are served).
     *
     * @throws LocalPlatformException when Kafka does not answer within {@code timeout}
     */
    public static void create(Admin admin, Duration timeout) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        KafkaFuture<?> groups = admin.describeConsumerGroups(List.of(PROBE),
                new DescribeConsumerGroupsOptions().timeoutMs(timeoutMs)).all();
        KafkaFuture<?> transactions = admin.describeTransactions(List.of(PROBE),
                new DescribeTransactionsOptions().timeoutMs(timeoutMs)).all();
        await(groups, "the consumer group coordinator", timeout);
        await(transactions, "the transaction coordinator", timeout);
    }

    private static void await(KafkaFuture<?> answer, String what, Duration timeout) {
        try {
            answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!(cause instanceof GroupIdNotFoundException) && !(cause instanceof TransactionalIdNotFoundException)) {
                throw new LocalPlatformException(what + " did not answer: " + cause.getMessage(), cause);
            }
        } catch (TimeoutException e) {
            throw new LocalPlatformException(what + " did not answer within " + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalPlatformException("interrupted while waiting for " + what, e);
        }
    }
}
