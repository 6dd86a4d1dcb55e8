package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.topics.TopicLayout;
import io.agentevents.streams.model.AuditRetention;
import io.agentevents.schemas.connection.Durations;

import org.apache.kafka.common.serialization.Serde;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ProjectionsTopology#build} needs to know. Immutable (the serde is shared, not copied).
 *
 * @param topics     the event topics: the topology reads one topic per domain under this layout's prefix
 * @param eventSerde reads (and, on internal topics, writes) events; usually a {@code DomainEventSerde}
 * @param retention  bound of each audit trail
 * @param rateWindow size of the tumbling event-rate windows, positive (default one minute)
 * @param rateGrace  how late an event may arrive (by event time) and still be counted in its window,
 *                   not negative (default 30 s)
 */
public record ProjectionOptions(TopicLayout topics, Serde<DomainEvent> eventSerde, AuditRetention retention,
                                Duration rateWindow, Duration rateGrace) {

    /** The default rate window: one minute. */
    public static final Duration DEFAULT_RATE_WINDOW = Duration.ofMinutes(1);

    /** The default grace period of rate windows: 30 seconds. */
    public static final Duration DEFAULT_RATE_GRACE = Duration.ofSeconds(30);

    /** Checks every field, naming the bad one. */
    public ProjectionOptions {
        Objects.requireNonNull(topics, "topics");
        Objects.requireNonNull(eventSerde, "eventSerde");
        Objects.requireNonNull(retention, "retention");
        Durations.requirePositive("rateWindow", rateWindow);
        Durations.requireNotNegative("rateGrace", rateGrace);
    }

    /** The defaults for these topics: {@link AuditRetention#defaults()}, one-minute windows, 30 s grace. */
    public static ProjectionOptions defaults(TopicLayout topics, Serde<DomainEvent> eventSerde) {
        return new ProjectionOptions(topics, eventSerde, AuditRetention.defaults(), DEFAULT_RATE_WINDOW, DEFAULT_RATE_GRACE);
    }

    public ProjectionOptions withRetention(AuditRetention newRetention) {
        return new ProjectionOptions(topics, eventSerde, newRetention, rateWindow, rateGrace);
    }

    public ProjectionOptions withRateWindow(Duration newRateWindow) {
        return new ProjectionOptions(topics, eventSerde, retention, newRateWindow, rateGrace);
    }

    public ProjectionOptions withRateGrace(Duration newRateGrace) {
        return new ProjectionOptions(topics, eventSerde, retention, rateWindow, newRateGrace);
    }

    /** The topics the topology reads: one per domain, in catalog order. */
    public List<String> sourceTopics() {
        return topics.domainTopics();
    }
}
