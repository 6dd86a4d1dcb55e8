package io.agentevents.local.registry;

import io.agentevents.schemas.registry.CompatibilityLevel;

import io.agentevents.schemas.registry.CompatibilityResult;

import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The registry server's side of compatibility: picks the versions a level asks for, has the one
 * checker ({@code io.agentevents.schemas.registry.CompatibilityChecker}) decide, and renders its
 * findings in Confluent's verbose format ({@code {errorType:'...', description:'...'}},
 * {@code {oldSchemaVersion: n}}, {@code {oldSchema: '...'}}, {@code {compatibility: '...'}}); a
 * stored version that is not a readable Avro schema is reported as such. Like Confluent, the check
 * stops at the newest incompatible version. Stateless and thread-safe.
 */
final class CompatibilityMessages {

    private CompatibilityMessages() {
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
        CompatibilityResult result = io.agentevents.schemas.registry.CompatibilityChecker.checkAgainst(level, candidate,
                parsed.get(), old.version());
        if (result.compatible()) {
            return List.of();
        }
        List<String> messages = new ArrayList<>();
        for (CompatibilityResult.Problem problem : result.problems()) {
            messages.add("{errorType:'" + problem.type() + "', description:'" + description(problem)
                    + "', additionalInfo:'" + problem.detail() + "'}");
        }
        messages.add("{oldSchemaVersion: " + old.version() + "}");
        messages.add("{oldSchema: '" + old.schema() + "'}");
        messages.add("{compatibility: '" + level.name() + "'}");
        return messages;
    }

    /**
     * Confluent-like wording of Avro's findings by error type, with the placeholders {@code {reader}}
     * and {@code {writer}} ("new" or "old"), {@code {path}}, {@code {detail}} and {@code {type}}.
     */
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "READER_FIELD_MISSING_DEFAULT_VALUE", "The field '{detail}' at path '{path}' in the {reader} schema has no "
                    + "default value and is missing in the {writer} schema",
            "TYPE_MISMATCH", "The type (path '{path}') of a field in the {reader} schema does not match with the "
                    + "{writer} schema ({detail})",
            "MISSING_ENUM_SYMBOLS", "The {reader} schema is missing enum symbols '{detail}' at path '{path}' in the "
                    + "{writer} schema",
            "MISSING_UNION_BRANCH", "The {reader} schema is missing a type inside a union field at path '{path}' in "
                    + "the {writer} schema ({detail})",
            "NAME_MISMATCH", "The name of the schema has changed (path '{path}'): {detail}",
            "FIXED_SIZE_MISMATCH", "The size of FIXED type field at path '{path}' in the {reader} schema does not "
                    + "match with the {writer} schema ({detail})");

    /** The wording of any other finding. */
    private static final String OTHER_DESCRIPTION = "{type} at path '{path}' reading {writer} data with the {reader} "
            + "schema: {detail}";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(type|reader|writer|path|detail)}");

    /** Confluent-like wording of Avro's finding (placeholders filled in one pass, so values are never expanded). */
    private static String description(CompatibilityResult.Problem problem) {
        Map<String, String> values = Map.of(
                "type", problem.type(),
                "reader", problem.newReadsOld() ? "new" : "old",
                "writer", problem.newReadsOld() ? "old" : "new",
                "path", String.valueOf(problem.location()),
                "detail", String.valueOf(problem.detail()));
        return PLACEHOLDER.matcher(DESCRIPTIONS.getOrDefault(problem.type(), OTHER_DESCRIPTION))
                .replaceAll(match -> Matcher.quoteReplacement(values.get(match.group(1))));
    }
}
