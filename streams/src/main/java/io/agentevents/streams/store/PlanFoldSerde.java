package io.agentevents.streams.store;

import io.agentevents.streams.model.PlanFold;
import io.agentevents.streams.model.PlanFold.Fact;


import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The compact binary form of a {@link PlanFold}, the value of the {@code plan-state} store: a
 * version byte, then every field in declaration order (strings length-prefixed UTF-8, counts and
 * offsets as varints, instants as microseconds, decimals as scale and unscaled two's complement).
 * {@code read(write(f)).equals(f)} for every fold. Stateless and thread-safe.
 */
public final class PlanFoldSerde extends VersionedBinarySerde<PlanFold> {
    private static final int VERSION = 1;

    public PlanFoldSerde() {
        super(VERSION, 256, topic -> "plan-state value");
    }

    @Override
    protected void write(BinaryOut out, PlanFold fold) {
        out.writeString(fold.planId()).writeVarLong(fold.eventCount());
        instant(out, fold.createdAt());
        instant(out, fold.updatedAt());
        fact(out, fold.root());
        fact(out, fold.parent());
        out.writeVarLong(fold.childPlanIds().size());
        fold.childPlanIds().forEach(out::writeString);
        fact(out, fold.phase());
        fact(out, fold.activeStatus());
        fact(out, fold.terminalStatus());
        fact(out, fold.last());
        out.writeCounts(fold.decisions());
        out.writeVarLong(fold.toolCalls()).writeVarLong(fold.toolFailures());
        decimal(out, fold.budgetAllocated());
        decimal(out, fold.budgetConsumed());
        out.writeCounts(fold.inputOffsets());
    }

    @Override
    protected PlanFold read(BinaryIn in, String topic) {
        String planId = in.readString();
        long eventCount = in.readVarLong();
        Instant createdAt = instant(in);
        Instant updatedAt = instant(in);
        Fact root = fact(in);
        Fact parent = fact(in);
        long children = in.readVarLong();
        Set<String> childPlanIds = new TreeSet<>();
        for (long i = 0; i < children; i++) {
            childPlanIds.add(in.readString());
        }
        Fact phase = fact(in);
        Fact active = fact(in);
        Fact terminal = fact(in);
        Fact last = fact(in);
        Map<String, Long> decisions = in.readCounts();
        long toolCalls = in.readVarLong();
        long toolFailures = in.readVarLong();
        BigDecimal allocated = decimal(in);
        BigDecimal consumed = decimal(in);
        Map<String, Long> offsets = in.readCounts();
        in.end();
        return new PlanFold(planId, eventCount, createdAt, updatedAt, root, parent, childPlanIds, phase, active, terminal,
                last, decisions, toolCalls, toolFailures, allocated, consumed, offsets);
    }

    private static void instant(BinaryOut out, Instant instant) {
        if (instant == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1).writeLong(Micros.of(instant));
        }
    }

    private static Instant instant(BinaryIn in) {
        return in.readByte() == 0 ? null : Micros.toInstant(in.readLong());
    }

    private static void fact(BinaryOut out, Fact fact) {
        if (fact == null) {
            out.writeByte(0);
        } else {
            out.writeByte(1).writeLong(Micros.of(fact.timestamp())).writeString(fact.eventId()).writeString(fact.value());
        }
    }

    private static Fact fact(BinaryIn in) {
        return in.readByte() == 0 ? null : new Fact(Micros.toInstant(in.readLong()), in.readString(), in.readString());
    }

    private static void decimal(BinaryOut out, BigDecimal value) {
        out.writeLong(value.scale()).writeBytes(value.unscaledValue().toByteArray());
    }

    private static BigDecimal decimal(BinaryIn in) {
        long scale = in.readLong();
        if (scale < Integer.MIN_VALUE || scale > Integer.MAX_VALUE) {
            throw new org.apache.kafka.common.errors.SerializationException("plan-state value is corrupt: scale " + scale);
        }
        byte[] unscaled = in.readBytes();
        if (unscaled.length == 0) {
            throw new org.apache.kafka.common.errors.SerializationException("plan-state value is corrupt: empty decimal");
        }
        return new BigDecimal(new BigInteger(unscaled), (int) scale);
    }
}
