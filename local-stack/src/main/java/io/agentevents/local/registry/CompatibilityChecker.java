package io.agentevents.local.registry;

import io.agentevents.schemas.registry.CompatibilityLevel;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a new schema may join a subject, with Avro's
 * {@link SchemaCompatibility#checkReaderWriterCompatibility}: BACKWARD = the new schema reads data
 * written with an old one; FORWARD = an old schema reads data written with the new one; FULL = both;
 * {@code *_TRANSITIVE} = against every live version rather than the latest; NONE = no check.
 *
 * <p>Messages follow Confluent's verbose format ({@code {errorType:'...', description:'...'}},
 * {@code {oldSchemaVersion: n}}, {@code {oldSchema: '...'}}, {@code {compatibility: '...'}}).
 * Like Confluent, the check stops at the newest incompatible version. Stateless and thread-safe.
 */
final class CompatibilityChecker {

    private CompatibilityChecker() {
    }

    /**
     * Checks {@code candidate} against the versions the level asks for.
     *
     * @param live the subject's live versions, oldest first
     * @return the incompatibility messages; empty when compatible
     */
    static List<String> check(CompatibilityLevel level, Schema candidate, List<StoredSchema> live) {
        if (level == CompatibilityLevel.NONE || live.isEmpty()) {
            return List.of();
        }
        List<StoredSchema> against = level.transitive() ? live : live.subList(live.size() - 1, live.size());
        for (int i = against.size() - 1; i >= 0; i--) {
            List<String> messages = checkOne(level, candidate, against.get(i));
            if (!messages.isEmpty()) {
                return messages;
            }
        }
        return List.of();
    }

    /** Checks {@code candidate} against one version, in the directions the level asks for. */
    static List<String> checkOne(CompatibilityLevel level, Schema candidate, StoredSchema old) {
        if (level == CompatibilityLevel.NONE) {
            return List.of();
        }
        if (!old.isAvro()) {
            return List.of("{errorType:'SCHEMA_TYPE_MISMATCH', description:'version " + old.version()
                    + " is a " + old.schemaType() + " schema, not Avro'}");
        }
        Optional<Schema> parsed = AvroSchemas.parseStored(old.schema());
        if (parsed.isEmpty()) {
            return List.of("{errorType:'UNPARSEABLE_OLD_SCHEMA', description:'version " + old.version()
                    + " in the registry is not a valid Avro schema', additionalInfo:'" + old.schema() + "'}");
        }
        Schema oldSchema = parsed.get();
        List<String> messages = new ArrayList<>();
        if (level.backward()) {
            describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, oldSchema), "new", "old", messages);
        }
        if (level.forward()) {
            describe(SchemaCompatibility.checkReaderWriterCompatibility(oldSchema, candidate), "old", "new", messages);
        }
        if (!messages.isEmpty()) {
            messages.add("{oldSchemaVersion: " + old.version() + "}");
            messages.add("{oldSchema: '" + old.schema() + "'}");
            messages.add("{compatibility: '" + level.name() + "'}");
        }
        return messages;
    }

    private static void describe(SchemaPairCompatibility result, String reader, String writer, List<String> messages) {
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            messages.add("{errorType:'" + incompatibility.getType() + "', description:'"
                    + description(incompatibility, reader, writer) + "', additionalInfo:'"
                    + incompatibility.getMessage() + "'}");
        }
    }

    /** Confluent-like wording of Avro's finding; {@code reader}/{@code writer} are "new" or "old". */
    private static String description(Incompatibility incompatibility, String reader, String writer) {
        String path = incompatibility.getLocation();
        String detail = incompatibility.getMessage();
        switch (incompatibility.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE:
                return "The field '" + detail + "' at path '" + path + "' in the " + reader
                        + " schema has no default value and is missing in the " + writer + " schema";
            case TYPE_MISMATCH:
                return "The type (path '" + path + "') of a field in the " + reader
                        + " schema does not match with the " + writer + " schema (" + detail + ")";
            case MISSING_ENUM_SYMBOLS:
                return "The " + reader + " schema is missing enum symbols '" + detail + "' at path '" + path
                        + "' in the " + writer + " schema";
            case MISSING_UNION_BRANCH:
                return "The " + reader + " schema is missing a type inside a union field at path '" + path
                        + "' in the " + writer + " schema (" + detail + ")";
            case NAME_MISMATCH:
                return "The name of the schema has changed (path '" + path + "'): " + detail;
            case FIXED_SIZE_MISMATCH:
                return "The size of FIXED type field at path '" + path + "' in the " + reader
                        + " schema does not match with the " + writer + " schema (" + detail + ")";
            default:
                return incompatibility.getType() + " at path '" + path + "' reading " + writer + " data with the "
                        + reader + " schema: " + detail;
        }
    }
}
