package io.agentevents.reliability;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a {@link History}, Jepsen style: every acknowledged write was read (none lost), no value
 * was read twice, and each key's acknowledged values were read in the order they were invoked (one
 * process writes a key, one write at a time or pipelined in order). A failed write is
 * indeterminate: read or not, it is no error, and it is counted. A value read that was never
 * written is an error. Stateless.
 */
final class HistoryCheck {
    /** How many of each example a result keeps (the counts are complete). */
    private static final int EXAMPLES = 10;

    private HistoryCheck() {
    }

    /** What the check found; {@link #valid()} when nothing is lost, duplicated, reordered or made up. */
    record Result(int invoked, int acknowledged, int failed, int reads, int failedButRead,
                  int lost, int duplicated, int reorderedKeys, int unknownReads, List<String> examples) {
        boolean valid() {
            return lost == 0 && duplicated == 0 && reorderedKeys == 0 && unknownReads == 0;
        }

        String summary() {
            return "invoked=" + invoked + " acknowledged=" + acknowledged + " failed=" + failed + " reads=" + reads
                    + " failed_but_read=" + failedButRead + " lost=" + lost + " duplicated=" + duplicated
                    + " reordered_keys=" + reorderedKeys + " unknown_reads=" + unknownReads
                    + (examples.isEmpty() ? "" : " e.g. " + examples);
        }
    }

    static Result check(History history) {
        Map<String, String> keyOf = new HashMap<>();
        Map<String, Integer> invokePosition = new HashMap<>(); // a value's place among its key's writes
        Map<String, Integer> writesPerKey = new HashMap<>();
        Set<String> acknowledged = new HashSet<>();
        Set<String> failed = new HashSet<>();
        Map<String, Integer> readCount = new HashMap<>();
        Map<String, List<String>> readsByKey = new LinkedHashMap<>();
        List<String> examples = new ArrayList<>();
        int reads = 0;
        int unknownReads = 0;
        for (History.Op op : history.ops()) {
            switch (op.kind()) {
                case INVOKE -> {
                    keyOf.put(op.value(), op.key());
                    invokePosition.put(op.value(), writesPerKey.merge(op.key(), 1, Integer::sum));
                }
                case OK -> acknowledged.add(op.value());
                case FAIL -> failed.add(op.value());
                case READ -> {
                    reads++;
                    if (!op.key().equals(keyOf.get(op.value()))) {
                        unknownReads++;
                        example(examples, "read " + op.value() + " under " + op.key() + ", never written there");
                        continue;
                    }
                    if (readCount.merge(op.value(), 1, Integer::sum) == 2) {
                        example(examples, "read twice: " + op.value() + " (key " + op.key() + ") at " + op.detail());
                    }
                    readsByKey.computeIfAbsent(op.key(), key -> new ArrayList<>()).add(op.value());
                }
            }
        }
        int lost = 0;
        for (String value : acknowledged) {
            if (!readCount.containsKey(value)) {
                lost++;
                example(examples, "acknowledged, never read: " + value + " (key " + keyOf.get(value) + ")");
            }
        }
        int duplicated = readCount.values().stream().mapToInt(count -> count - 1).sum();
        int reordered = 0;
        for (Map.Entry<String, List<String>> entry : readsByKey.entrySet()) {
            int previous = 0;
            Set<String> seen = new HashSet<>();
            for (String value : entry.getValue()) {
                if (!acknowledged.contains(value) || !seen.add(value)) {
                    continue; // a failed write's copy may land anywhere; a repeat is counted as a duplicate
                }
                int position = invokePosition.get(value);
                if (position < previous) {
                    reordered++;
                    example(examples, "key " + entry.getKey() + ": write #" + position + " (" + value
                            + ") read after write #" + previous);
                    break;
                }
                previous = position;
            }
        }
        int failedButRead = (int) failed.stream().filter(readCount::containsKey).count();
        return new Result(keyOf.size(), acknowledged.size(), failed.size(), reads, failedButRead, lost, duplicated,
                reordered, unknownReads, List.copyOf(examples));
    }

    /**
     * Checks the history and, when it is not valid, writes it to
     * {@code target/history-<scenario>-<time>.txt}; the result names that file in {@code file}.
     */
    static Checked checkAndKeep(History history, String scenario) {
        return checkAndKeep(history, scenario, Path.of("target"));
    }

    /** As {@link #checkAndKeep(History, String)}, writing a bad history into {@code directory}. */
    static Checked checkAndKeep(History history, String scenario, Path directory) {
        Result result = check(history);
        Path file = null;
        if (!result.valid()) {
            String stamp = Instant.now().toString().replace(':', '-');
            file = history.writeTo(directory.resolve("history-" + scenario + "-" + stamp + ".txt")).toAbsolutePath();
        }
        return new Checked(result, file);
    }

    /** A result and, when it is not valid, the file its history was written to. */
    record Checked(Result result, Path file) {
        /** The assertion message: the summary, and where the history is. */
        String describe() {
            return result.summary() + (file == null ? "" : "; history written to " + file);
        }
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < EXAMPLES) {
            examples.add(text);
        }
    }
}
