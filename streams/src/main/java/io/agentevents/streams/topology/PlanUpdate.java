package io.agentevents.streams.topology;

import io.agentevents.schemas.EventType;
import io.agentevents.streams.model.PlanFact;
import io.agentevents.streams.model.PlanFold;
import io.agentevents.streams.model.SourcePosition;
import io.agentevents.streams.store.VersionedBinarySerde;
import io.agentevents.streams.store.BinaryIn;
import io.agentevents.streams.store.BinaryOut;
import io.agentevents.streams.store.Micros;

import org.apache.kafka.common.errors.SerializationException;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One change to a plan's fold, decided by the projection processor: a new event of the plan's own,
 * a copy of one already folded (only its position counts), or a child plan created under it.
 *
 * @param kind        which of the three
 * @param fact        the new event's facts ({@link Kind#OWN} only)
 * @param at          where the event was read
 * @param childPlanId the child ({@link Kind#CHILD} only)
 */
record PlanUpdate(Kind kind, PlanFact fact, SourcePosition at, String childPlanId) {

    enum Kind { OWN, DUPLICATE, CHILD }

    PlanUpdate {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
        if (kind == Kind.OWN) {
            Objects.requireNonNull(fact, "fact");
        }
        if (kind == Kind.CHILD) {
            Objects.requireNonNull(childPlanId, "childPlanId");
        }
    }

    /** {@code fold} with this update applied. */
    PlanFold applyTo(PlanFold fold) {
        return switch (kind) {
            case OWN -> fold.add(fact, at);
            case DUPLICATE -> fold.addDuplicate(at);
            case CHILD -> fold.addChild(childPlanId, at);
        };
    }

    /** Its binary form, should the update ever cross a topic (the topology keeps it in one task). */
    static final class PlanUpdateSerde extends VersionedBinarySerde<PlanUpdate> {
        private static final int VERSION = 1;

        PlanUpdateSerde() {
            super(VERSION, 96, topic -> "plan update of " + topic);
        }

        @Override
        protected void write(BinaryOut out, PlanUpdate update) {
            out.writeByte(update.kind().ordinal()).writePosition(update.at());
            if (update.kind() == Kind.OWN) {
                PlanFact fact = update.fact();
                out.writeString(fact.eventId()).writeString(fact.type().name()).writeLong(Micros.of(fact.timestamp()))
                        .writeString(fact.rootPlanId()).writeString(fact.parentPlanId()).writeString(fact.toPhase())
                        .writeString(fact.amount() == null ? null : fact.amount().toString());
            } else if (update.kind() == Kind.CHILD) {
                out.writeString(update.childPlanId());
            }
        }

        @Override
        protected PlanUpdate read(BinaryIn in, String topic) {
            int kindIndex = in.readByte();
            if (kindIndex >= Kind.values().length) {
                throw new SerializationException("plan update of " + topic + " has an unknown kind " + kindIndex);
            }
            Kind kind = Kind.values()[kindIndex];
            SourcePosition at = in.readPosition();
            try {
                PlanUpdate update = switch (kind) {
                    case OWN -> {
                        String eventId = in.readString();
                        EventType type = EventType.valueOf(in.readString());
                        PlanFact fact = new PlanFact(eventId, type, Micros.toInstant(in.readLong()), in.readString(),
                                in.readString(), in.readString(), decimal(in.readString()));
                        yield new PlanUpdate(kind, fact, at, null);
                    }
                    case DUPLICATE -> new PlanUpdate(kind, null, at, null);
                    case CHILD -> new PlanUpdate(kind, null, at, in.readString());
                };
                in.end();
                return update;
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new SerializationException("plan update of " + topic + " is corrupt: " + e.getMessage(), e);
            }
        }

        private static BigDecimal decimal(String amount) {
            return amount == null ? null : new BigDecimal(amount);
        }
    }
}
