package io.agentevents.producer;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.registry.SchemaRegistryException;

import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

import java.util.TreeSet;
import java.util.concurrent.CompletionException;

/**
 * An event could not be emitted. The message names the event (id and type) and the cause;
 * {@link #retriable()} says whether emitting it again may succeed. Security refusals are spelled
 * out: {@code not authorized to write topic events.decision} when an ACL denies the topic,
 * {@code authentication failed} when the brokers refuse the login; neither is retriable.
 */
public final class EmitException extends EventBusException {
    private static final long serialVersionUID = 1L;

    public EmitException(String message, boolean retriable, Throwable cause) {
        super(message, retriable, cause);
    }

    /** Wraps any failure of emitting {@code event}, classifying it as retriable or not. */
    public static EmitException wrap(DomainEvent event, Throwable failure) {
        return wrap(event, failure, null);
    }

    /**
     * Wraps any failure of emitting {@code event} to {@code destination} (e.g. "events.plan on Kafka
     * 127.0.0.1:9092, delivery timeout 30000 ms"), classifying it as retriable or not.
     */
    public static EmitException wrap(DomainEvent event, Throwable failure, String destination) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof EmitException emit) {
            return emit;
        }
        return new EmitException("event " + event.eventId() + " (" + event.type().wireName() + ") not emitted"
                + (destination == null ? "" : " to " + destination) + ": " + describe(cause), isRetriable(cause), cause);
    }

    /** Whether a failure is transient: Kafka's retriable errors and a registry that is down or slow. */
    static boolean isRetriable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetriableException || t instanceof org.apache.kafka.common.errors.TimeoutException) {
                return true;
            }
            if (t instanceof SchemaRegistryException registry) {
                return registry.retriable();
            }
            if (t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(Throwable cause) {
        StringBuilder text = new StringBuilder();
        String refusal = securityRefusal(cause);
        if (refusal != null) {
            text.append(refusal).append(" (");
        }
        text.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        Throwable inner = cause.getCause();
        if (inner != null && inner != cause && inner.getMessage() != null && !text.toString().contains(inner.getMessage())) {
            text.append(" (caused by ").append(inner.getClass().getSimpleName()).append(": ").append(inner.getMessage()).append(')');
        }
        if (refusal != null) {
            text.append(')');
        }
        return text.toString();
    }

    /** What a security refusal means in plain words, or null when the failure is not one. */
    private static String securityRefusal(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TopicAuthorizationException denied) {
                String topics = denied.unauthorizedTopics().isEmpty() ? "its topic"
                        : String.join(", ", new TreeSet<>(denied.unauthorizedTopics()));
                return "not authorized to write topic " + topics + ": the principal needs WRITE and DESCRIBE on it";
            }
            if (t instanceof ClusterAuthorizationException) {
                return "not authorized by the cluster: an idempotent producer needs WRITE on at least one topic"
                        + " (or IDEMPOTENT_WRITE on the cluster)";
            }
            if (t instanceof AuthenticationException) {
                return "authentication failed: check security.protocol, sasl.mechanism and sasl.jaas.config";
            }
        }
        return null;
    }
}
