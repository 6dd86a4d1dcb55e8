package io.agentevents.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The figures of one scenario, printed as one line {@code RELIABILITY <scenario>: name=value ...}
 * on standard output and appended to {@code target/reliability-figures.txt}, where
 * {@code docs/reliability.md} takes them from. Not thread-safe: one test fills it.
 */
final class Figures {
    private static final Path FILE = Path.of("target", "reliability-figures.txt");

    private final String scenario;
    private final Map<String, String> values = new LinkedHashMap<>();

    private Figures(String scenario) {
        this.scenario = scenario;
    }

    static Figures of(String scenario) {
        return new Figures(scenario);
    }

    Figures put(String name, long value) {
        values.put(name, Long.toString(value));
        return this;
    }

    Figures put(String name, Duration value) {
        values.put(name, String.format(Locale.ROOT, "%.1fs", value.toMillis() / 1000.0));
        return this;
    }

    Figures put(String name, String value) {
        values.put(name, value);
        return this;
    }

    /** Puts a topic's check: {@code found}, {@code duplicates}, {@code lost} and {@code failed_but_landed}. */
    Figures put(LogCheck log) {
        return put("found", log.found())
                .put("duplicates", log.duplicates())
                .put("lost", log.lost().size())
                .put("failed_but_landed", log.failedButLanded());
    }

    /** Prints the line and appends it to the figures file; returns it. */
    String print() {
        StringJoiner line = new StringJoiner(" ", "RELIABILITY " + scenario + ": ", "");
        values.forEach((name, value) -> line.add(name + "=" + value));
        String text = line.toString() + (Scale.LONG ? " (long run)" : "");
        System.out.println(text);
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, text + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            System.err.println("could not append to " + FILE.toAbsolutePath() + ": " + e.getMessage());
        }
        return text;
    }
}
