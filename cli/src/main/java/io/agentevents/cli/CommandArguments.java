package io.agentevents.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agentevents.schemas.Domain;
import io.agentevents.schemas.EventCatalog;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.connection.ConnectionSettings;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** Argument parsing that names the valid values on error (exit 2), and JSON-line output. */
final class CommandArguments {
    private static final ObjectMapper JSON = new ObjectMapper();

    private CommandArguments() {
    }

    /** An event type by wire name or symbol; a bad one is a usage error listing the valid types. */
    static EventType eventType(CommandLine commandLine, String name) {
        try {
            return EventType.parse(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage() + "\nvalid types: "
                    + EventCatalog.knownTypes().stream().map(EventType::wireName).collect(Collectors.joining(", ")));
        }
    }

    /** A domain by wire name; a bad one is a usage error listing the valid domains. */
    static Domain domain(CommandLine commandLine, String name) {
        try {
            return Domain.fromWireName(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, "unknown domain '" + name + "'\nvalid domains: "
                    + Arrays.stream(Domain.values()).map(Domain::wireName).collect(Collectors.joining(", ")));
        }
    }

    /**
     * The settings of a {@code --command-config} file, none when {@code file} is null.
     *
     * @throws CommandLine.ParameterException naming the file when it cannot be read
     */
    static Map<String, String> commandConfig(CommandLine commandLine, Path file) {
        try {
            return file == null ? Map.of() : ConnectionSettings.readClientProperties(file);
        } catch (UncheckedIOException e) {
            throw new CommandLine.ParameterException(commandLine, "cannot read --command-config " + file + ": " + e.getCause());
        }
    }

    /** Prints one value as one JSON line and flushes, so a reader of a pipe sees it at once. */
    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
        out.flush();
    }
}
