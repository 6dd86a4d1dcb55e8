package io.agentevents.local.registry;

import org.apache.avro.Schema;

import java.util.Optional;

/**
 * Parses schema text into Avro and gives the form schemas are stored and compared in. Stateless
 * and thread-safe: every parse uses a fresh {@link Schema.Parser}, as named types accumulate in one.
 */
final class AvroSchemas {
    /** Confluent's name for Avro schemas in {@code schemaType}. */
    static final String AVRO = "AVRO";

    private AvroSchemas() {
    }

    /**
     * Parses Avro schema JSON, with default values validated.
     *
     * @throws RegistryException 422/42201 naming Avro's complaint when the text is not a valid Avro schema
     */
    static Schema parse(String text) {
        try {
            return new Schema.Parser().setValidateDefaults(true).parse(text);
        } catch (RuntimeException e) {
            // Avro reports malformed input with several unchecked types (SchemaParseException,
            // AvroTypeException, AvroRuntimeException and, for odd structures, plain runtime
            // exceptions); all of them mean "not a valid schema" here.
            throw RegistryException.invalidSchema("Invalid schema: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Parses a schema already in the topic, leniently (defaults not validated, as another registry
     * may have accepted them); empty when it is not Avro at all.
     */
    static Optional<Schema> parseStored(String text) {
        try {
            return Optional.of(new Schema.Parser().setValidateDefaults(false).parse(text));
        } catch (RuntimeException e) {
            // see parse(): any of Avro's unchecked exceptions means "not a valid schema"
            return Optional.empty();
        }
    }

    /**
     * The stored and compared form: Avro's own compact JSON of the parsed schema (as Confluent
     * stores it), so schemas differing only in whitespace or attribute order are the same, while
     * defaults, docs, aliases and logical types still count.
     */
    static String canonical(Schema schema) {
        return schema.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unparseable schema";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
