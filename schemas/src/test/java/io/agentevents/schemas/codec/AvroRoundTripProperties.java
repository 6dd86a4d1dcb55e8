package io.agentevents.schemas.codec;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.testing.RandomEvents;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Any valid event survives Java -> Avro bytes -> Java unchanged. */
class AvroRoundTripProperties {

    private final AvroEventCodec codec = new AvroEventCodec();

    @Property(tries = 1_000)
    void everyValidEventSurvivesTheAvroRoundTrip(@ForAll("events") DomainEvent event) {
        byte[] bytes = codec.encode(event);
        DomainEvent decoded = codec.decode(bytes);

        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.details()).isEqualTo(event.details());
        assertThat(codec.encode(decoded)).as("re-encoding is stable").isEqualTo(bytes);
    }

    @Property(tries = 200)
    void theGeneratedRecordRoundTripsToo(@ForAll("events") DomainEvent event) {
        assertThat(AvroEventCodec.fromAvro(AvroEventCodec.toAvro(event))).isEqualTo(event);
    }

    @Provide
    Arbitrary<DomainEvent> events() {
        return RandomEvents.events();
    }
}
