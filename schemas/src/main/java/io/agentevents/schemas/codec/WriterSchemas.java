package io.agentevents.schemas.codec;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.DatumReader;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the codec knows about each writer schema it has met: whether it is the reader's own (same
 * Avro parsing canonical form: only names, types, fields, symbols and nesting count, so docs,
 * defaults, logical-type annotations and properties such as {@code avro.java.string} do not), and
 * the resolving reader for it. Worked out once per schema and cached (bounded: cleared when it
 * holds {@code maxCached} schemas; a registry hands out few). The last schema seen is checked by
 * identity first, so the usual case (every record of a topic written under one schema) costs one
 * comparison. Thread-safe.
 */
final class WriterSchemas {

    /**
     * How to read bytes of one writer schema: directly, or (always possible) through the resolving
     * reader, which is made the first time it is needed, so a process that only meets its own
     * schema never loads Avro's resolving machinery.
     */
    static final class Plan {
        private final Schema writer;
        private final boolean direct;
        private final Function<Schema, DatumReader<io.agentevents.avro.DomainEvent>> readerFor;
        /** Made on first use; two threads may both make one, either serves. */
        private volatile DatumReader<io.agentevents.avro.DomainEvent> reader;

        Plan(Schema writer, boolean direct, Function<Schema, DatumReader<io.agentevents.avro.DomainEvent>> readerFor) {
            this.writer = writer;
            this.direct = direct;
            this.readerFor = readerFor;
        }

        private Plan(Schema writer, Plan same) {
            this(writer, same.direct, same.readerFor);
            this.reader = same.reader;
        }

        Schema writer() {
            return writer;
        }

        boolean direct() {
            return direct;
        }

        DatumReader<io.agentevents.avro.DomainEvent> reader() {
            DatumReader<io.agentevents.avro.DomainEvent> current = reader;
            if (current == null) {
                current = readerFor.apply(writer);
                reader = current;
            }
            return current;
        }
    }

    private final String readerForm;
    private final int maxCached;
    private final Map<Schema, Plan> plans = new ConcurrentHashMap<>();
    private volatile Plan last;

    WriterSchemas(Schema reader, int maxCached) {
        this.readerForm = SchemaNormalization.toParsingForm(reader);
        this.maxCached = maxCached;
    }

    /** The plan for {@code writer}, made with {@code readerFor} the first time. */
    Plan plan(Schema writer, Function<Schema, DatumReader<io.agentevents.avro.DomainEvent>> readerFor) {
        Plan recent = last;
        if (recent != null && recent.writer() == writer) {
            return recent;
        }
        Plan plan = plans.get(writer);
        if (plan == null) {
            if (plans.size() >= maxCached) {
                plans.clear();
            }
            plan = plans.computeIfAbsent(writer, schema -> new Plan(schema, isReaders(schema), readerFor));
        }
        if (plan.writer() != writer) {
            // an equal schema, another instance (e.g. parsed twice by racing registry look-ups): remember
            // this instance, so its next record is recognised by identity, not by a deep comparison
            plan = new Plan(writer, plan);
        }
        last = plan;
        return plan;
    }

    /** Whether {@code writer} is the reader's schema, up to what the parsing canonical form drops. */
    boolean isReaders(Schema writer) {
        return readerForm.equals(SchemaNormalization.toParsingForm(writer));
    }
}
