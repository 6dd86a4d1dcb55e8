package io.agentevents.streams.topology;

import io.agentevents.streams.model.SourcePosition;
import io.agentevents.streams.store.BinaryOut;
import io.agentevents.streams.store.Micros;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The internal topic's records: the trace id of a trail role travels; records of the previous layout still read. */
class RoutedEventSerdeTest {
    private static final SourcePosition AT = new SourcePosition("events.plan", 2, 42);
    private static final Instant TIME = Instant.parse("2026-12-07T05:00:00.123456Z");

    private final RoutedEventSerde serde = new RoutedEventSerde();

    @Test
    void aTrailRecordKeepsItsTraceId() {
        RoutedEvent correlation = new RoutedEvent(RoutedEvent.CORRELATION, AT, "e-1", TIME, new byte[] {0, 1, 2}, null, null,
                "4bf92f3577b34da6a3ce929d0e0e4736");
        RoutedEvent read = serde.deserialize("t", serde.serialize("t", correlation));
        assertThat(read.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(read.eventId()).isEqualTo("e-1");
        assertThat(read.wireBytes()).containsExactly(0, 1, 2);
        RoutedEvent untraced = new RoutedEvent(RoutedEvent.CORRELATION, AT, "e-2", TIME, new byte[] {3}, null, null, null);
        assertThat(serde.deserialize("t", serde.serialize("t", untraced)).traceId()).isNull();
    }

    @Test
    void aRecordOfLayoutOneWrittenBeforeTraceIdsWereKeptStillReads() {
        // what the previous build wrote for a correlation-trail record: version 1, roles, position, id, time, bytes
        byte[] previous = new BinaryOut(64).writeByte(1).writeByte(RoutedEvent.CORRELATION).writePosition(AT)
                .writeString("e-1").writeLong(Micros.of(TIME)).writeBytes(new byte[] {7, 8}).toByteArray();
        RoutedEvent read = serde.deserialize("t", previous);
        assertThat(read.eventId()).isEqualTo("e-1");
        assertThat(read.timestamp()).isEqualTo(TIME);
        assertThat(read.wireBytes()).containsExactly(7, 8);
        assertThat(read.traceId()).isNull();
    }

    @Test
    void aLayoutThisBuildDoesNotKnowIsRefusedNamingIt() {
        byte[] future = new BinaryOut(8).writeByte(3).writeByte(RoutedEvent.TICK).toByteArray();
        assertThatThrownBy(() -> serde.deserialize("t", future)).isInstanceOf(SerializationException.class)
                .hasMessageContaining("layout version 3").hasMessageContaining("versions 1 to 2");
    }
}
