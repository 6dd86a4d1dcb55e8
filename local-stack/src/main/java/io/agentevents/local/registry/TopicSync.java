package io.agentevents.local.registry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Brings the in-memory state up to the end of the log: asks Kafka for the last stable offset
 * (the end as a {@code read_committed} reader sees it) and waits until the reader thread has
 * applied everything before it. Thread-safe (the {@link Admin} client is).
 *
 * @param expediteReader cuts the reader's current poll short, so it publishes its position sooner
 */
record TopicSync(Admin admin, SchemaTopic topic, RegistryState state, Runnable expediteReader) {
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * Returns once every committed record written before this call is applied.
     *
     * @param what names the operation in error messages
     * @throws RegistryException 50002 when Kafka or the reader does not get there before the deadline,
     *                           50001 when Kafka refuses or the reader has died
     */
    void catchUp(long deadlineNanos, String what) {
        long end;
        while (true) {
            try {
                end = admin.listOffsets(Map.of(topic.partition(), OffsetSpec.latest()),
                                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)
                                        .timeoutMs(SchemaTopic.remainingMs(deadlineNanos)))
                        .partitionResult(topic.partition())
                        .get(SchemaTopic.remainingMs(deadlineNanos), TimeUnit.MILLISECONDS)
                        .offset();
                break;
            } catch (TimeoutException e) {
                throw timedOut(what, "did not report the end of the log", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                    throw timedOut(what, "did not report the end of the log", cause);
                }
                if (cause instanceof RetriableException && SchemaTopic.remainingMs(deadlineNanos) > 1) {
                    // e.g. the topic was created a moment ago and this broker's metadata does not show it yet
                    LockSupport.parkNanos(RETRY_PAUSE_NANOS);
                    continue;
                }
                throw RegistryException.storeError(what + " failed: Kafka at " + topic.bootstrapServers()
                        + " could not report the end of topic " + topic.partition().topic() + ": " + cause.getMessage(), cause);
            } catch (KafkaException e) {
                throw RegistryException.storeError(what + " failed: Kafka at " + topic.bootstrapServers()
                        + " refused to list offsets: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RegistryException.storeError(what + " was interrupted", e);
            }
        }
        awaitApplied(end, deadlineNanos, what);
    }

    /**
     * Waits until the reader has applied every record before {@code offset}.
     *
     * @throws RegistryException 50002 on the deadline, 50001 when the reader has died
     */
    void awaitApplied(long offset, long deadlineNanos, String what) {
        try {
            state.awaitApplied(offset, deadlineNanos, expediteReader);
        } catch (TimeoutException e) {
            throw timedOut(what, "was not read back (" + e.getMessage() + ")", e);
        } catch (IllegalStateException e) {
            throw RegistryException.storeError(what + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryException.storeError(what + " was interrupted", e);
        }
    }

    private RegistryException timedOut(String what, String problem, Throwable cause) {
        return RegistryException.timeout(what + " timed out: topic " + topic.partition().topic() + " on Kafka at "
                + topic.bootstrapServers() + " " + problem + " in time", cause);
    }
}
