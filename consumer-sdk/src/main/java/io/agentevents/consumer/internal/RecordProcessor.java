package io.agentevents.consumer.internal;

import io.agentevents.api.Delivery;
import io.agentevents.consumer.DeadLetterHeaders;
import io.agentevents.consumer.DeadLetterPolicy;
import io.agentevents.consumer.FailureStrategy;
import io.agentevents.consumer.RejectedRecord;
import io.agentevents.consumer.RejectedRecordListener;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The one place where user code runs: takes a record's decoded event (from the {@link DecodeStage},
 * or decodes it here), calls its listeners with retries and backoff, times them, and applies the
 * failure strategy (dead letter, hold, or fail). A record it gives up on is written to its
 * dead-letter topic or not, as the {@link DeadLetterPolicy} says, then reported to the
 * {@link RejectedRecordListener} (a WARN log line when none was given). Every failure it reports
 * names the topic, partition, offset and event id. Thread-safe; called from handler threads.
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
    private final RejectedRecordListener rejected;
    private final HandleTracing tracing;

    /**
     * A processor; {@code rejected} null logs each record given up on at WARN; each handler call is a
     * span of {@code tracing}.
     */
    public RecordProcessor(SubscriberConfig config, Routing routing, Deserializer<DomainEvent> deserializer,
                           DeadLetterWriter deadLetters, WorkTracker tracker, SubscriberMetricsRecorder metrics,
                           Consumer<RuntimeException> fatal, RejectedRecordListener rejected, HandleTracing tracing) {
        this.tracing = tracing;
        this.config = config;
        this.routing = routing;
        this.deserializer = deserializer;
        this.deadLetters = deadLetters;
        this.tracker = tracker;
        this.metrics = metrics;
        this.fatal = fatal;
        this.rejected = rejected != null ? rejected : RecordProcessor::log;
    }

    /** The tracker this processor finishes, holds and abandons records in. */
    WorkTracker tracker() {
        return tracker;
    }

    /** The consumer group of the subscriber, for messages. */
    String group() {
        return config.groupId();
    }

    /** Reports an error the subscriber cannot go on after. */
    void fail(RuntimeException error) {
        fatal.accept(error);
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
            return handle(item, event, listeners);
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
        Object decodedAhead = item.takeDecoded();
        if (decodedAhead instanceof DomainEvent event) {
            return event;
        }
        if (decodedAhead instanceof SerializationException e) { // permanent: the record's fault
            undecodable(item, e);
            return null;
        }
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
                if (DecodeStage.isPermanent(e)) {
                    undecodable(item, e);
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

    private void undecodable(WorkItem item, SerializationException e) throws InterruptedException {
        deadLetter(item, DeadLetterHeaders.REASON_UNDECODABLE, e, 0);
    }

    /**
     * Calls the listeners in order; after a failure, the next attempt starts with the listener that
     * failed (those before it succeeded already).
     */
    private boolean handle(WorkItem item, DomainEvent event, List<Routing.NamedListener> listeners)
            throws InterruptedException {
        ConsumerRecord<String, byte[]> record = item.record();
        Exception last = null;
        int next = 0; // the first listener that has not succeeded yet
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            Delivery delivery = new Delivery(record.topic(), record.partition(), record.offset(), attempt,
                    item.replayed(), Instant.ofEpochMilli(record.timestamp()));
            long started = System.nanoTime();
            Span span = tracing.start(record, event, attempt);
            Exception failed = null;
            try (Scope scope = span.makeCurrent()) {
                while (next < listeners.size()) {
                    Routing.NamedListener listener = listeners.get(next);
                    try {
                        listener.listener().onEvent(event, delivery);
                        next++;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        failed = e;
                        return false;
                    } catch (Exception e) {
                        failed = e;
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
            } finally {
                HandleTracing.end(span, failed);
            }
            if (next == listeners.size()) {
                metrics.handled(System.nanoTime() - started);
                return true;
            }
            if (attempt < config.maxAttempts()) {
                Thread.sleep(config.backoff(attempt).toMillis());
            }
        }
        String description = "listener " + listeners.get(next).name() + " failed " + config.maxAttempts()
                + " time(s) on event " + event.eventId() + " (" + event.type().wireName() + ") at " + where(record);
        if (config.failureStrategy() == FailureStrategy.FAIL) {
            fatal.accept(new IllegalStateException(description + "; failure strategy FAIL stops the subscriber: "
                    + last, last));
            return false;
        }
        LOG.debug("{}: {}", description, last);
        deadLetter(item, DeadLetterHeaders.REASON_HANDLER_FAILED, last, config.maxAttempts());
        if (config.failureStrategy() == FailureStrategy.HOLD) {
            tracker.hold(item.partition(), item.key());
        }
        return true;
    }

    /** Gives up on a record: writes it to its dead-letter topic (policy {@code WRITE}) or not, then reports it. */
    private void deadLetter(WorkItem item, String reason, Throwable error, int attempts) throws InterruptedException {
        ConsumerRecord<String, byte[]> record = item.record();
        boolean write = config.deadLetterPolicy() == DeadLetterPolicy.WRITE;
        if (write) {
            deadLetters.write(record, reason, error, attempts);
            metrics.deadLettered.increment();
        } else {
            metrics.skipped();
        }
        RejectedRecord report = new RejectedRecord(record.topic(), record.partition(), record.offset(), record.key(),
                reason, error, attempts, write);
        try {
            rejected.onRejected(report);
        } catch (RuntimeException e) {
            LOG.warn("the rejected-record listener failed on {}: {}", report.position(), e.toString(), e);
        }
    }

    private static void log(RejectedRecord record) {
        LOG.warn("record {} given up on ({}); {}", record.position(), record.description(),
                record.deadLettered() ? "sent to " + DeadLetterWriter.deadLetterTopic(record.topic()) : "skipped");
    }

    static String where(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
