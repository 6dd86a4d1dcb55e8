package io.agentevents.producer.inprocess;

import io.agentevents.api.EventListener;
import io.agentevents.api.Subscribable;
import io.agentevents.api.Subscription;
import io.agentevents.producer.EmitException;
import io.agentevents.producer.EmitResult;
import io.agentevents.producer.EventBus;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An audit bus: writes one structured line per emitted event to an SLF4J logger, alone or in front
 * of another bus (a decorator, e.g. to audit a {@code KafkaEventBus}).
 *
 * <p><b>The line.</b> One log call per event, on logger {@link LoggingEventBusConfig#loggerName()}
 * (default {@value LoggingEventBusConfig#DEFAULT_LOGGER_NAME}) at
 * {@link LoggingEventBusConfig#level()} (default INFO), of the form
 * <pre>
 * event_id=01J.. type=plan.phase_changed correlation_id=01J.. causation_id=01J.. plan_id=plan-42
 *   root_plan_id=plan-1 session_id=s-7 actor=planner-1 project=apollo source=/agents/planner-1
 *   timestamp=2026-01-02T03:04:05.123456Z details={"from_phase":"planning","api_key":"***"}
 * </pre>
 * (on one line). Optional fields that are not set are left out; values with spaces, quotes,
 * {@code =} or backslashes are double-quoted with escapes; {@code details} comes last, as compact
 * JSON, after the {@link LoggingEventBusConfig#redactor() redactor} masked its secrets. The event
 * itself is never changed. When the logger is not enabled for the level, nothing is formatted.
 *
 * <p><b>Alone</b> ({@link #create()}): {@link #emit} refuses UNKNOWN events and emits after close
 * (non-retriable {@link EmitException}); otherwise it logs and returns a completed future of an
 * {@link EmitResult} like {@link InMemoryEventBus}'s: topic {@code <prefix>.<domain>}, partition 0,
 * offset counting from 0 in emit order. Nothing is delivered to listeners, so {@code subscribe}
 * throws {@link UnsupportedOperationException}.
 *
 * <p><b>Wrapping</b> ({@link #wrapping(EventBus)}): {@link #emit} refuses what the contract refuses,
 * logs the line, then emits through the delegate and returns the delegate's future unchanged. If
 * that emit fails, one more line (WARN, same logger) says so. The blocking
 * {@link #emitAndWait(DomainEvent)} goes to the delegate (so its own wait bound applies), and
 * {@link #close()} closes it. {@code subscribe} goes to the delegate when it delivers in process
 * (it is {@link Subscribable}, e.g. an {@link InMemoryEventBus}), and throws
 * {@link UnsupportedOperationException} otherwise: a {@code KafkaEventBus} only emits; on Kafka,
 * listeners are registered with an {@code EventSubscriber} of the consumer SDK.
 *
 * <p>Thread-safe. The order of log lines between threads is the order the log calls happened.
 */
public final class LoggingEventBus implements EventBus, Subscribable {
    private final LoggingEventBusConfig config;
    private final EventBus delegate;
    private final Logger audit;
    private final Map<Domain, String> topics = new EnumMap<>(Domain.class);
    private final AtomicLong nextOffset = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();

    private LoggingEventBus(LoggingEventBusConfig config, EventBus delegate) {
        this.config = Objects.requireNonNull(config, "config");
        this.delegate = delegate;
        this.audit = LoggerFactory.getLogger(config.loggerName());
        for (Domain domain : Domain.values()) {
            topics.put(domain, domain.topic(config.topicPrefix()));
        }
    }

    /** A logging-only bus with {@link LoggingEventBusConfig#defaults()}. */
    public static LoggingEventBus create() {
        return create(LoggingEventBusConfig.defaults());
    }

    /** A logging-only bus: it logs every event and delivers nothing. */
    public static LoggingEventBus create(LoggingEventBusConfig config) {
        return new LoggingEventBus(config, null);
    }

    /** A bus that logs every event, then emits it through {@code delegate}; default settings. */
    public static LoggingEventBus wrapping(EventBus delegate) {
        return wrapping(delegate, LoggingEventBusConfig.defaults());
    }

    /** A bus that logs every event, then emits it through {@code delegate}. */
    public static LoggingEventBus wrapping(EventBus delegate, LoggingEventBusConfig config) {
        Objects.requireNonNull(delegate, "delegate");
        return new LoggingEventBus(config, delegate);
    }

    public LoggingEventBusConfig config() {
        return config;
    }

    /** The wrapped bus, if any. */
    public Optional<EventBus> delegate() {
        return Optional.ofNullable(delegate);
    }

    /**
     * Logs the event, then emits it through the delegate if there is one.
     *
     * @return the delegate's future, or a completed one; failed with a non-retriable
     *         {@link EmitException} for an UNKNOWN event or a closed bus. Never throws.
     */
    @Override
    public CompletableFuture<EmitResult> emit(DomainEvent event) {
        Objects.requireNonNull(event, "event");
        EmitException refused = auditOrRefuse(event);
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        if (delegate == null) {
            return CompletableFuture.completedFuture(
                    new EmitResult(topics.get(event.type().domain()), 0, nextOffset.getAndIncrement(), event.eventId()));
        }
        CompletableFuture<EmitResult> result;
        try {
            result = delegate.emit(event);
        } catch (RuntimeException e) { // a delegate breaking its "never throws" contract
            EmitException failure = EmitException.wrap(event, e);
            logFailure(event, failure);
            return CompletableFuture.failedFuture(failure);
        }
        result.whenComplete((landed, failure) -> {
            if (failure != null) {
                logFailure(event, failure);
            }
        });
        return result;
    }

    /** Logs the event, then, when wrapping, waits for the delegate's own bound (e.g. Kafka's delivery timeout). */
    @Override
    public EmitResult emitAndWait(DomainEvent event) {
        if (delegate == null) {
            return EventBus.super.emitAndWait(event);
        }
        Objects.requireNonNull(event, "event");
        EmitException refused = auditOrRefuse(event);
        if (refused != null) {
            throw refused;
        }
        try {
            return delegate.emitAndWait(event);
        } catch (RuntimeException e) {
            logFailure(event, e);
            throw e;
        }
    }

    /** The reason {@code event} may not be emitted, or null after writing its audit line. */
    private EmitException auditOrRefuse(DomainEvent event) {
        if (!event.type().isKnown()) {
            return refusal(event, "type UNKNOWN is only ever read, never emitted", null);
        }
        if (closed.get()) {
            return refusal(event, "the event bus is closed", null);
        }
        if (audit.isEnabledForLevel(config.level())) {
            String line;
            try {
                line = AuditLine.format(event, config.redactor());
            } catch (RuntimeException e) {
                return refusal(event, "its audit line cannot be written: " + e.getMessage(), e);
            }
            audit.atLevel(config.level()).log("{}", line);
        }
        return null;
    }

    private static EmitException refusal(DomainEvent event, String reason, Throwable cause) {
        return new EmitException("event " + event.eventId() + " (" + event.type().wireName() + ") not emitted: " + reason,
                false, cause);
    }

    private void logFailure(DomainEvent event, Throwable failure) {
        EmitException emit = EmitException.wrap(event, failure);
        audit.warn("event_id={} type={} correlation_id={} emit_failed=true retriable={} error=\"{}\"", event.eventId(),
                event.type().wireName(), event.correlationId(), emit.retriable(), escapeQuotes(emit.getMessage()));
    }

    private static String escapeQuotes(String text) {
        return text == null ? "" : text.replace("\\", "\\\\").replace("\"", "\\\"").replace('\n', ' ').replace('\r', ' ');
    }

    /**
     * Subscribes through the delegate.
     *
     * @throws UnsupportedOperationException if the delegate does not deliver in process, or there is none
     */
    @Override
    public Subscription subscribe(EventType type, EventListener listener) {
        return inProcessDelegate("subscribe to " + type).subscribe(type, listener);
    }

    /**
     * Subscribes through the delegate.
     *
     * @throws UnsupportedOperationException if the delegate does not deliver in process, or there is none
     */
    @Override
    public Subscription subscribe(Domain domain, EventListener listener) {
        return inProcessDelegate("subscribe to " + domain).subscribe(domain, listener);
    }

    /**
     * Subscribes through the delegate.
     *
     * @throws UnsupportedOperationException if the delegate does not deliver in process, or there is none
     */
    @Override
    public Subscription subscribeAll(EventListener listener) {
        return inProcessDelegate("subscribe to all events").subscribeAll(listener);
    }

    private Subscribable inProcessDelegate(String what) {
        if (delegate == null) {
            throw new UnsupportedOperationException("cannot " + what + ": this LoggingEventBus only logs events and "
                    + "delivers none to listeners; wrap a bus that delivers them, e.g. LoggingEventBus.wrapping(new InMemoryEventBus())");
        }
        if (!(delegate instanceof Subscribable inProcess)) {
            throw new UnsupportedOperationException("cannot " + what + ": " + delegate.getClass().getSimpleName()
                    + " only emits; to receive events from Kafka, register the listener with an EventSubscriber "
                    + "(consumer-sdk) in a consumer group you name");
        }
        return inProcess;
    }

    /** Refuses later emits and closes the delegate, if any. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true) && delegate != null) {
            delegate.close();
        }
    }

    @Override
    public String toString() {
        return "LoggingEventBus[logger " + config.loggerName() + " at " + config.level()
                + (delegate == null ? "" : ", wrapping " + delegate) + "]";
    }
}
