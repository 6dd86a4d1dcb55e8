package io.agentevents.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The shell examples of {@code README.md} and {@code docs/*.md}, as the docs write them: fenced
 * {@code console} blocks of {@code $ command} lines, each followed by the output it prints (which
 * may elide with {@code ...}). A block preceded by {@code <!-- console: not run: REASON -->} needs
 * what a test here does not have (Docker, a remote cluster, minutes of benchmark): it is checked
 * for syntax only. A trailing {@code # exits N} comment states a command's exit code (0 otherwise).
 */
record ConsoleExamples(List<Block> blocks) {
    private static final Pattern NOT_RUN = Pattern.compile("<!--\\s*console:\\s*not run:\\s*(.+?)\\s*-->");
    private static final Pattern EXITS = Pattern.compile("#\\s*exits (\\d+)\\b");

    /** One {@code console} block. */
    record Block(String where, Optional<String> notRunBecause, List<Example> examples) {
    }

    /**
     * One command of a block.
     *
     * @param where    file:line of the command
     * @param command  the command line without its {@code $ } prompt (comments kept: the shell drops them)
     * @param output   the lines the doc shows it printing
     * @param exitCode the exit code the doc states, 0 unless it says {@code # exits N}
     */
    record Example(String where, String command, List<String> output, int exitCode) {
    }

    /** The documentation pages a reader follows: the README and every page under docs/. */
    static List<Path> pages(Path root) {
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(pages::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pages;
    }

    /** Every console block of the pages, in page order. */
    static ConsoleExamples read(Path root) {
        List<Block> blocks = new ArrayList<>();
        for (Path page : pages(root)) {
            List<String> lines = lines(page);
            String name = root.relativize(page).toString();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().equals("```console")) {
                    continue;
                }
                Optional<String> notRun = Optional.empty();
                if (i > 0) {
                    Matcher marker = NOT_RUN.matcher(lines.get(i - 1));
                    notRun = marker.find() ? Optional.of(marker.group(1)) : Optional.empty();
                }
                List<Example> examples = new ArrayList<>();
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
                    end++;
                }
                for (int j = i + 1; j < end; j++) {
                    String line = lines.get(j).strip();
                    if (!line.startsWith("$ ")) {
                        continue;
                    }
                    StringBuilder command = new StringBuilder(line.substring(2));
                    int next = j + 1;
                    while (command.toString().endsWith("\\") && next < end) { // continued on the next line
                        command.setLength(command.length() - 1);
                        command.append(' ').append(lines.get(next++).strip());
                    }
                    List<String> output = new ArrayList<>();
                    while (next < end && !lines.get(next).strip().startsWith("$ ")) {
                        if (!lines.get(next).isBlank()) {
                            output.add(lines.get(next));
                        }
                        next++;
                    }
                    Matcher exits = EXITS.matcher(command);
                    examples.add(new Example(name + ":" + (j + 1), command.toString(), output,
                            exits.find() ? Integer.parseInt(exits.group(1)) : 0));
                    j = next - 1;
                }
                blocks.add(new Block(name + ":" + (i + 1), notRun, examples));
                i = end;
            }
        }
        return new ConsoleExamples(blocks);
    }

    /**
     * Shell examples outside a console block: a fenced block of another kind whose lines start with
     * a prompt or with an {@code eventbus} command, as file:line.
     */
    static List<String> examplesOutsideConsoleBlocks(Path root) {
        List<String> found = new ArrayList<>();
        Pattern shell = Pattern.compile("^(\\$ |\\./eventbus |eventbus (local|demo|emit|tail|dlq|plan|audit|projections|agent|bench|schemas)\\b(?!:)"
                + "|java -jar |curl |mvn |docker )");
        for (Path page : pages(root)) {
            List<String> lines = lines(page);
            boolean inBlock = false;
            boolean console = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("```")) {
                    console = !inBlock && line.equals("```console");
                    inBlock = !inBlock;
                } else if (inBlock && !console && shell.matcher(line).find()) {
                    found.add(root.relativize(page) + ":" + (i + 1) + ": " + line);
                }
            }
        }
        return found;
    }

    private static List<String> lines(Path page) {
        try {
            return Files.readAllLines(page, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
