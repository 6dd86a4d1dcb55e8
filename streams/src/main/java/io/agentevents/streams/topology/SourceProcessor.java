package io.agentevents.streams.topology;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.streams.model.SourcePosition;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first step after the source topics: attaches each event's source topic, partition and offset,
 * keeping the bytes it was read from,
 * and skips what is not a known event: a null value (nothing to fold) or an event of type
 * {@code UNKNOWN} (written by a newer catalog; counted in the {@link ProjectionErrorCounter}, logged
 * at WARN the first time per task and at DEBUG after that).
 */
final class SourceProcessor implements FixedKeyProcessor<String, ReadEvent, SourcedEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(SourceProcessor.class);

    private FixedKeyProcessorContext<String, SourcedEvent> context;
    private ProjectionErrorCounter counter;
    private boolean warned;

    @Override
    public void init(FixedKeyProcessorContext<String, SourcedEvent> context) {
        this.context = context;
        this.counter = ProjectionErrorCounter.fromConfigs(context.appConfigs());
    }

    @Override
    public void process(FixedKeyRecord<String, ReadEvent> record) {
        DomainEvent event = record.value() == null ? null : record.value().event();
        RecordMetadata source = context.recordMetadata().orElseThrow(() ->
                new IllegalStateException("no source record metadata for key " + record.key()));
        if (event == null) {
            LOG.debug("skipping a record without value at {}-{}@{}", source.topic(), source.partition(), source.offset());
            return;
        }
        if (!event.type().isKnown()) {
            counter.unknownEvent();
            if (!warned) {
                warned = true;
                LOG.warn("skipping event {} of a type this build does not know at {}-{}@{} (task {}); further ones "
                                + "are counted and logged at DEBUG", event.eventId(), source.topic(), source.partition(),
                        source.offset(), context.taskId());
            } else {
                LOG.debug("skipping event {} of unknown type at {}-{}@{}", event.eventId(), source.topic(),
                        source.partition(), source.offset());
            }
            return;
        }
        // the CloudEvents headers stay on the domain topics: the event carries them all, and headers would be
        // copied onto every record the projections write (the internal topic, the output topics)
        context.forward(record.withHeaders(new RecordHeaders()).withValue(new SourcedEvent(event, record.value().wireBytes(),
                new SourcePosition(source.topic(), source.partition(), source.offset()),
                CloudEventHeaders.traceId(record.headers()).orElse(null))));
    }
}
