package io.agentevents.local.testing;

import io.agentevents.schemas.connection.Setting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * Checks that a page of the repository's {@code docs/} has a table row for every setting of a
 * component, so that adding a setting without documenting it fails that component's tests.
 */
public final class SettingDocs {
    private SettingDocs() {
    }

    /**
     * Asserts that {@code docs/<page>} (beside the module running the test) contains
     * {@code row.apply(setting)} for every one of {@code settings}.
     *
     * @throws AssertionError naming the page and every missing row
     */
    public static void assertEveryRowIn(String page, List<? extends Setting<?>> settings, Function<Setting<?>, String> row) {
        Path file = Path.of("..", "docs", page);
        String docs;
        try {
            docs = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<String> missing = settings.stream().map(row).filter(expected -> !docs.contains(expected)).toList();
        if (!missing.isEmpty()) {
            throw new AssertionError("docs/" + page + " lacks the row(s):\n" + String.join("\n", missing));
        }
    }
}
