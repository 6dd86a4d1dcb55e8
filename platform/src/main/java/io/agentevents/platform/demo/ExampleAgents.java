package io.agentevents.platform.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The agents written in other languages that a demo run takes from an examples directory
 * ({@code eventbus demo --agents-from DIR}): {@code DIR/python/agent.py} plays a decider (run by
 * {@code /usr/bin/python3}, or {@code python3} on the PATH when there is none, which must import
 * {@code confluent_kafka} and {@code avro}), {@code DIR/node/agent.js} a tool runner (run by
 * {@code node} on the PATH, with {@code DIR/node/node_modules} installed). Each takes the flags of
 * {@code eventbus agent} ({@link AgentSettings#flags()}) and talks to the demo as {@link DemoAgent}
 * does. One that is absent or cannot run is left out, and {@link #notes()} says why. Immutable.
 */
final class ExampleAgents {
    private static final long PROBE_SECONDS = 30;

    /**
     * One runnable agent of another language.
     *
     * @param language    e.g. {@code python}
     * @param interpreter the program that runs {@code script}
     * @param script      the agent's file, absolute
     */
    record Example(String language, String interpreter, Path script) {
        /** The command line running this agent as {@code settings} say. */
        List<String> command(AgentSettings settings) {
            List<String> command = new ArrayList<>(List.of(interpreter, script.toString()));
            command.addAll(settings.flags());
            return command;
        }
    }

    private final Map<AgentRole, Example> byRole;
    private final List<String> notes;

    private ExampleAgents(Map<AgentRole, Example> byRole, List<String> notes) {
        this.byRole = byRole;
        this.notes = List.copyOf(notes);
    }

    /** None: every agent is a Java one. */
    static ExampleAgents none() {
        return new ExampleAgents(Map.of(), List.of());
    }

    /**
     * The agents in {@code dir} that can run here (each probed by starting its interpreter) and, with
     * {@code commandConfig}, log in with that client settings file (each reads it as it will at its
     * start: a login its client cannot make is a note, not an agent that fails mid-run).
     */
    static ExampleAgents in(Path dir, Optional<Path> commandConfig) throws InterruptedException {
        Path root = dir.toAbsolutePath().normalize();
        Map<AgentRole, Example> found = new EnumMap<>(AgentRole.class);
        List<String> notes = new ArrayList<>();
        Path python = root.resolve("python").resolve("agent.py");
        if (!Files.isRegularFile(python)) {
            notes.add("no Python decider: " + python + " does not exist");
        } else {
            String interpreter = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
            String failure = probe(List.of(interpreter, "-c", "import confluent_kafka, avro"));
            if (failure == null && commandConfig.isPresent()) {
                failure = probe(List.of(interpreter, "-c", "import sys; sys.path.insert(0, sys.argv[1]); import eventbus_events as ev; "
                        + "ev.kafka_security(ev.read_client_properties(sys.argv[2]))", python.getParent().toString(),
                        commandConfig.get().toString()));
                if (failure != null) {
                    notes.add("no Python decider: it cannot log in with " + commandConfig.get() + ": " + failure);
                }
            } else if (failure != null) {
                notes.add("no Python decider: " + interpreter + " cannot import confluent_kafka and avro (" + failure
                        + "); on Debian: apt-get install python3-confluent-kafka python3-avro");
            }
            if (failure == null) {
                found.put(AgentRole.DECIDER, new Example("python", interpreter, python));
            }
        }
        Path node = root.resolve("node").resolve("agent.js");
        if (!Files.isRegularFile(node)) {
            notes.add("no Node tool runner: " + node + " does not exist");
        } else if (!Files.isDirectory(node.resolveSibling("node_modules"))) {
            notes.add("no Node tool runner: " + node.resolveSibling("node_modules") + " is missing (npm install in "
                    + node.getParent() + ")");
        } else {
            String failure = probe(List.of("node", "--version"));
            if (failure != null) {
                notes.add("no Node tool runner: cannot run node (" + failure + ")");
            } else if (commandConfig.isPresent()) {
                failure = probe(List.of("node", "-e", "const ev = require(process.argv[1]); "
                        + "ev.clientSecurity(ev.readClientProperties(process.argv[2]))",
                        node.resolveSibling("eventbus.js").toString(), commandConfig.get().toString()));
                if (failure != null) {
                    notes.add("no Node tool runner: it cannot log in with " + commandConfig.get() + ": " + failure);
                }
            }
            if (failure == null) {
                found.put(AgentRole.TOOL_RUNNER, new Example("node", "node", node));
            }
        }
        return new ExampleAgents(found, notes);
    }

    /** The agent of another language playing {@code role}, if there is one. */
    Optional<Example> forRole(AgentRole role) {
        return Optional.ofNullable(byRole.get(role));
    }

    /** Why an agent of the directory is left out, one line each. */
    List<String> notes() {
        return notes;
    }

    /** Null when {@code command} exits 0 in time, otherwise what went wrong (its last line of output). */
    private static String probe(List<String> command) throws InterruptedException {
        Path output = null;
        try {
            output = Files.createTempFile("eventbus-probe-", ".txt");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(PROBE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "no answer within " + PROBE_SECONDS + " s";
            }
            if (process.exitValue() == 0) {
                return null;
            }
            List<String> lines = Files.readAllLines(output).stream().filter(line -> !line.isBlank()).toList();
            return lines.isEmpty() ? "exit code " + process.exitValue() : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return e.getMessage();
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    // a temporary file left behind
                }
            }
        }
    }
}
