package io.agentevents.consumer.internal;

import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.consumer.Delivery;
import io.agentevents.consumer.FailureStrategy;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.registry.SchemaRegistryException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one place where user code runs: decodes a record, calls its listeners with retries and
 * backoff, times them, and applies the failure strategy (dead letter, hold, or fail). Every failure
 * it reports names the topic, partition, offset and event id. Thread-safe; called from handler
 * threads.
 */
public final class RecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(RecordProcessor.class);

    private final SubscriberConfig config;
    private final Routing routing;
    private final Deserializer<DomainEvent> deserializer;
    private final DeadLetterWriter deadLetters;
    private final WorkTracker tracker;
    private final SubscriberMetricsRecorder metrics;
    private final Consumer<RuntimeException> fatal;

    public RecordProcessor(SubscriberConfig config, Routing routing, Deserializer<DomainEvent> deserializer,
                           DeadLetterWriter deadLetters, WorkTracker tracker, SubscriberMetricsRecorder metrics,
                           Consumer<RuntimeException> fatal) {
        this.config = config;
        this.routing = routing;
        this.deserializer = deserializer;
        this.deadLetters = deadLetters;
        this.tracker = tracker;
        this.metrics = metrics;
        this.fatal = fatal;
    }

    /**
     * Takes a record to its end: handled, skipped or dead-lettered (true), or abandoned because the
     * subscriber is stopping or failed (false: it is not committed and will be read again).
     */
    public boolean process(WorkItem item) {
        ConsumerRecord<String, byte[]> record = item.record();
        try {
            if (tracker.isHeld(item.partition(), item.key())) {
                deadLetter(item, DeadLetterHeaders.REASON_HELD, null, 0);
                return true;
            }
            DomainEvent event = decode(item);
            if (event == null) {
                return true; // dead-lettered as undecodable
            }
            if (!event.type().isKnown()) {
                if (config.strictTypes()) {
                    deadLetter(item, DeadLetterHeaders.REASON_UNKNOWN_TYPE,
                            new IllegalArgumentException("event type unknown to this reader (strict types)"), 0);
                } else {
                    metrics.skipped();
                }
                return true;
            }
            List<Routing.NamedListener> listeners = routing.listenersFor(event.type());
            if (listeners.isEmpty()) {
                metrics.skipped();
                return true;
            }
            return handle(item, event, new ArrayList<>(listeners));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            fatal.accept(new IllegalStateException("subscriber " + config.groupId() + " stopped at " + where(record)
                    + ": " + e.getMessage(), e));
            return false;
        }
    }

    private DomainEvent decode(WorkItem item) throws InterruptedException {
        ConsumerRecord<String, byte[]> record = item.record();
        int transientFailures = 0;
        while (true) {
            try {
                DomainEvent event = record.value() == null ? null
                        : deserializer.deserialize(record.topic(), record.headers(), record.value());
                if (event == null) {
                    deadLetter(item, DeadLetterHeaders.REASON_UNDECODABLE,
                            new SerializationException("record has no value"), 0);
                }
                return event;
            } catch (SerializationException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("stopped while decoding " + where(record)); // not the record's fault
                }
                if (!isTransient(e)) {
                    LOG.warn("undecodable record {}: {}; sent to {}", where(record), e.getMessage(),
                            DeadLetterWriter.deadLetterTopic(record.topic()));
                    deadLetter(item, DeadLetterHeaders.REASON_UNDECODABLE, e, 0);
                    return null;
                }
                transientFailures++;
                if (transientFailures == 1) {
                    LOG.warn("cannot decode {} yet (schema registry unavailable): {}; retrying", where(record), e.getMessage());
                }
                Thread.sleep(config.backoff(transientFailures).toMillis());
            }
        }
    }

    private boolean handle(WorkItem item, DomainEvent event, List<Routing.NamedListener> remaining)
            throws InterruptedException {
        ConsumerRecord<String, byte[]> record = item.record();
        Exception last = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            Delivery delivery = new Delivery(record.topic(), record.partition(), record.offset(), attempt,
                    item.replayed(), Instant.ofEpochMilli(record.timestamp()));
            long started = System.nanoTime();
            while (!remaining.isEmpty()) {
                Routing.NamedListener listener = remaining.get(0);
                try {
                    listener.listener().onEvent(event, delivery);
                    remaining.remove(0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                } catch (Exception e) {
                    if (Thread.currentThread().isInterrupted()) {
                        return false;
                    }
                    last = e;
                    metrics.failedAttempts.increment();
                    LOG.debug("listener {} failed on {} (attempt {} of {}): {}", listener.name(), where(record),
                            attempt, config.maxAttempts(), e.toString());
                    break;
                }
            }
            if (remaining.isEmpty()) {
                metrics.handled(System.nanoTime() - started);
                return true;
            }
            if (attempt < config.maxAttempts()) {
                Thread.sleep(config.backoff(attempt).toMillis());
            }
        }
        String description = "listener " + remaining.get(0).name() + " failed " + config.maxAttempts()
                + " time(s) on event " + event.eventId() + " (" + event.type().wireName() + ") at " + where(record);
        if (config.failureStrategy() == FailureStrategy.FAIL) {
            fatal.accept(new IllegalStateException(description + "; failure strategy FAIL stops the subscriber: "
                    + last, last));
            return false;
        }
        LOG.warn("{}: {}; sent to {}", description, last, DeadLetterWriter.deadLetterTopic(record.topic()));
        deadLetter(item, DeadLetterHeaders.REASON_HANDLER_FAILED, last, config.maxAttempts());
        if (config.failureStrategy() == FailureStrategy.HOLD) {
            tracker.hold(item.partition(), item.key());
        }
        return true;
    }

    private void deadLetter(WorkItem item, String reason, Throwable error, int attempts) throws InterruptedException {
        deadLetters.write(item.record(), reason, error, attempts);
        metrics.deadLettered.increment();
    }

    private static boolean isTransient(SerializationException e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException registry) {
                return registry.retriable();
            }
        }
        return false;
    }

    static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
