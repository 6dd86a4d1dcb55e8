package io.agentevents.schemas.registry;

import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A candidate schema checked against one subject of a registry under the subject's compatibility level,
 * registering nothing: what {@code eventbus schemas check} prints per subject. Immutable.
 *
 * @param subject         the subject
 * @param level           its compatibility level
 * @param versionsChecked how many of its versions the level compares with (all for the {@code _TRANSITIVE}
 *                        levels, the latest otherwise, none for {@code NONE})
 * @param result          compatible, or the problems with the newest incompatible version
 */
public record SubjectCheck(String subject, CompatibilityLevel level, int versionsChecked, CompatibilityResult result) {

    /** Checks {@code candidate} against {@code subject}'s live versions ({@link CompatibilityChecker}). */
    public static SubjectCheck of(SchemaRegistryClient registry, String subject, Schema candidate) {
        CompatibilityLevel level = registry.subjectCompatibility(subject);
        List<Schema> earlier = registry.liveVersions(subject).stream().map(RegisteredSchema::schema).toList();
        int checked = level == CompatibilityLevel.NONE ? 0 : level.transitive() ? earlier.size() : Math.min(1, earlier.size());
        return new SubjectCheck(subject, level, checked, CompatibilityChecker.check(level, candidate, earlier));
    }

    /**
     * What is wrong across {@code checks}, one sentence naming each incompatible subject with its problems
     * (subjects with the same problems together), e.g. {@code "is incompatible with 2 of the 11 domain
     * subjects: a, b: ..."}; empty when every subject accepts the candidate.
     */
    public static Optional<String> incompatibilities(List<SubjectCheck> checks) {
        Map<List<String>, List<String>> subjectsByProblems = new LinkedHashMap<>();
        for (SubjectCheck check : checks) {
            if (!check.result().compatible()) {
                subjectsByProblems.computeIfAbsent(check.result().messages(), problems -> new ArrayList<>()).add(check.subject());
            }
        }
        if (subjectsByProblems.isEmpty()) {
            return Optional.empty();
        }
        List<String> named = new ArrayList<>();
        subjectsByProblems.forEach((problems, subjects) -> named.add(String.join(", ", subjects) + ": " + String.join("; ", problems)));
        int incompatible = subjectsByProblems.values().stream().mapToInt(List::size).sum();
        return Optional.of("is incompatible with " + incompatible + " of the " + checks.size() + " domain subjects: "
                + String.join(" | ", named));
    }
}
