package io.agentevents.streams.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads the query API's credential files ({@link QueryUsers}, {@link QueryTokens}): UTF-8 lines of
 * {@code :}-separated fields, {@code #} comments and blank lines ignored; a bad line is named by the
 * file and its number. Stateless.
 */
final class CredentialFile {
    private CredentialFile() {
    }

    /**
     * Hands each line's fields to {@code entry}, which throws an {@link IllegalArgumentException}
     * saying what is wrong with a bad one; returns how many lines it took.
     *
     * @param what what the file holds, e.g. {@code users}, for the messages
     * @throws IllegalArgumentException naming the file and line that is malformed, or a file without entries
     * @throws UncheckedIOException     when the file cannot be read
     */
    static int read(Path file, String what, Consumer<String[]> entry) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the query API's " + what + " from " + file + ": " + e.getMessage(), e);
        }
        int entries = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                entry.accept(line.split(":"));
                entries++;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        if (entries == 0) {
            throw new IllegalArgumentException(file + " holds no " + what.replaceAll("s$", ""));
        }
        return entries;
    }
}
