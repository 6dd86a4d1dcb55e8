package io.agentevents.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One run of the {@code eventbus} command line in this JVM, built as {@code Main} builds it
 * ({@link EventbusCommand#commandLine(String...)}): its exit code and what it printed on stdout and stderr.
 */
record CliRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs {@code eventbus args...} and returns how it ended. */
    static CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = EventbusCommand.commandLine(args);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs {@code eventbus args...} and returns how it ended. */
    static CliRun run(List<String> args) {
        return run(args.toArray(String[]::new));
    }

    /** The non-blank lines of stdout, each read as JSON. */
    List<JsonNode> lines() {
        return out.lines().filter(line -> !line.isBlank()).map(line -> {
            try {
                return JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("not a JSON line: " + line, e);
            }
        }).toList();
    }
}
