package io.agentevents.platform.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One agent process of a demo run, seen from the demo: its PID, the last progress it reported, its
 * summary and error lines, and its exit. Thread-safe (a reader thread parses the agent's output).
 */
final class AgentProcess {
    private static final Pattern PROGRESS = Pattern.compile("progress emitted=(\\d+) handled=(\\d+) done=(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final AgentRole role;
    private final Process process;
    private final Path log;
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private volatile boolean ready;
    private volatile Progress progress = Progress.NONE;
    private volatile JsonNode summary;
    private volatile boolean stopRequested;
    private final Thread reader;

    private AgentProcess(String name, AgentRole role, Process process, Path log) {
        this.name = name;
        this.role = role;
        this.process = process;
        this.log = log;
        this.reader = new Thread(this::readOutput, "demo-read-" + name);
        this.reader.setDaemon(true);
    }

    /** Starts {@code command} with its standard error going to {@code log}, and reads its output. */
    static AgentProcess start(String name, AgentRole role, List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
        AgentProcess agent = new AgentProcess(name, role, process, log);
        agent.reader.start();
        return agent;
    }

    private void readOutput() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher progress = PROGRESS.matcher(line);
                if (progress.matches()) {
                    this.progress = new Progress(Long.parseLong(progress.group(1)), Long.parseLong(progress.group(2)),
                            Long.parseLong(progress.group(3)));
                } else if (line.startsWith("ready ")) {
                    ready = true;
                } else if (line.startsWith("summary ")) {
                    summary = JSON.readTree(line.substring("summary ".length()));
                } else if (line.startsWith("error ")) {
                    errors.add(line.substring("error ".length()));
                }
            }
        } catch (IOException e) {
            errors.add("cannot read the agent's output: " + e.getMessage());
        }
    }

    String name() {
        return name;
    }

    AgentRole role() {
        return role;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean ready() {
        return ready;
    }

    /** The last progress the agent reported, its three counts read together; zeros before the first. */
    Progress progress() {
        return progress;
    }

    JsonNode summary() {
        return summary;
    }

    List<String> errors() {
        return List.copyOf(errors);
    }

    boolean alive() {
        return process.isAlive();
    }

    int exitCode() {
        return process.exitValue();
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** Closes the agent's standard input: it finishes its work in hand, reports and exits. */
    void requestStop() {
        stopRequested = true;
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // the agent is already gone
        }
    }

    /** Waits for the exit and for the summary line to be read. */
    boolean awaitExit(long timeoutMillis) throws InterruptedException {
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            return false;
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return true;
    }

    void kill() {
        requestStop();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /**
     * One progress line of an agent.
     *
     * @param emitted events it emitted
     * @param handled events it handled
     * @param done    plans it saw closed
     */
    record Progress(long emitted, long handled, long done) {
        static final Progress NONE = new Progress(0, 0, 0);
    }
}
