package io.agentevents.streams.topology;

import io.agentevents.schemas.EventType;
import io.agentevents.streams.model.PlanFact;
import io.agentevents.streams.model.SourcePosition;
import io.agentevents.streams.store.VersionedBinarySerde;
import io.agentevents.streams.store.BinaryIn;
import io.agentevents.streams.store.BinaryOut;
import io.agentevents.streams.store.Micros;

import org.apache.kafka.common.errors.SerializationException;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The binary form of a {@link RoutedEvent} on the internal topic: a version byte, the roles, then
 * only the fields the roles need (the position; for trail roles the event id, time and the event's
 * bytes as read; for the plan role the fold facts; for member and child roles the plan id; from
 * version 2, for trail roles, the trace id last). The event is carried as it was read, never encoded
 * again. Version 1 records (written before trace ids were kept) are still read. Stateless and
 * thread-safe.
 */
final class RoutedEventSerde extends VersionedBinarySerde<RoutedEvent> {
    private static final int VERSION = 2;

    RoutedEventSerde() {
        super(VERSION, 16, topic -> "record of " + topic);
    }

    /** Room for the event's bytes as read, besides the fixed fields. */
    @Override
    protected int sizeHint(RoutedEvent value) {
        return 16 + (value.wireBytes() == null ? 0 : value.wireBytes().length + 64);
    }

    @Override
    protected void write(BinaryOut out, RoutedEvent value) {
        out.writeByte(value.roles());
        if (value.has(RoutedEvent.TICK)) {
            return;
        }
        out.writePosition(value.at());
        if (value.has(RoutedEvent.CORRELATION | RoutedEvent.PLAN)) {
            out.writeString(value.eventId()).writeLong(Micros.of(value.timestamp())).writeBytes(value.wireBytes());
        }
        if (value.has(RoutedEvent.PLAN)) {
            PlanFact fact = value.fact();
            out.writeString(fact.type().name()).writeString(fact.rootPlanId()).writeString(fact.parentPlanId())
                    .writeString(fact.toPhase()).writeString(fact.amount() == null ? null : fact.amount().toString());
        }
        if (value.has(RoutedEvent.MEMBER | RoutedEvent.CHILD)) {
            out.writeString(value.planId());
        }
        if (value.has(RoutedEvent.CORRELATION | RoutedEvent.PLAN)) {
            out.writeString(value.traceId());
        }
    }

    @Override
    protected int oldestReadable() {
        return 1;
    }

    @Override
    protected RoutedEvent read(BinaryIn in, String topic) {
        return read(in, topic, VERSION);
    }

    @Override
    protected RoutedEvent read(BinaryIn in, String topic, int layout) {
        int roles = in.readByte();
        if (roles == RoutedEvent.TICK) {
            in.end();
            return RoutedEvent.tick();
        }
        SourcePosition at = in.readPosition();
        String eventId = null;
        Instant timestamp = null;
        byte[] wire = null;
        PlanFact fact = null;
        String planId = null;
        if ((roles & (RoutedEvent.CORRELATION | RoutedEvent.PLAN)) != 0) {
            eventId = in.readString();
            timestamp = Micros.toInstant(in.readLong());
            wire = in.readBytes();
        }
        if ((roles & RoutedEvent.PLAN) != 0) {
            EventType type = type(in.readString(), topic);
            String root = in.readString();
            String parent = in.readString();
            String toPhase = in.readString();
            String amount = in.readString();
            fact = new PlanFact(eventId, type, timestamp, root, parent, toPhase, amount == null ? null : decimal(amount, topic));
        }
        if ((roles & (RoutedEvent.MEMBER | RoutedEvent.CHILD)) != 0) {
            planId = in.readString();
        }
        String traceId = null;
        if (layout >= 2 && (roles & (RoutedEvent.CORRELATION | RoutedEvent.PLAN)) != 0) {
            traceId = in.readString();
        }
        in.end();
        try {
            return new RoutedEvent(roles, at, eventId, timestamp, wire, fact, planId, traceId);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SerializationException("record of " + topic + " is corrupt: " + e.getMessage(), e);
        }
    }

    private static EventType type(String name, String topic) {
        try {
            return EventType.valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SerializationException("record of " + topic + " names an event type this build does not know: " + name, e);
        }
    }

    private static BigDecimal decimal(String amount, String topic) {
        try {
            return new BigDecimal(amount);
        } catch (NumberFormatException e) {
            throw new SerializationException("record of " + topic + " has a corrupt amount: " + amount, e);
        }
    }
}
