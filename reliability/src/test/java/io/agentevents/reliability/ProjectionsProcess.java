package io.agentevents.reliability;

import io.agentevents.streams.app.ProjectionsConfig;
import io.agentevents.streams.app.ProjectionsService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * Test helper: one projections instance in a child JVM ({@code java -cp <test class path>
 * ProjectionsService} with {@link ProjectionsConfig#toEnvironment()}), its output in a log file.
 * {@link #kill()} is SIGKILL, {@link #stop()} SIGTERM (the service closes cleanly);
 * {@link #close()} kills it if it still runs, and copies its log to the directory named by
 * {@code -Dreliability.keep.logs} if set. Not thread-safe.
 */
final class ProjectionsProcess implements AutoCloseable {
    private static final String READY = "projections ready: ";

    private final Process process;
    private final Path log;

    private ProjectionsProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ProjectionsProcess launch(ProjectionsConfig config, Path log) {
        return launch(config, log, List.of());
    }

    /** With these JVM options added, e.g. {@code -XX:TieredStopAtLevel=1} for a faster start. */
    static ProjectionsProcess launch(ProjectionsConfig config, Path log, List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ProjectionsService.class.getName()));
        ProcessBuilder child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        child.environment().putAll(config.toEnvironment());
        try {
            return new ProjectionsProcess(child.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a projections child JVM", e);
        }
    }

    /** Waits for the ready line; returns the query API's URL. Fails at once if the child exits. */
    String awaitUrl(Duration timeout) {
        return await().atMost(timeout).pollInterval(Duration.ofMillis(50)).until(this::readyUrl, url -> url != null);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM (the service closes the application cleanly), and waits until it exits; returns its exit code. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the projections child JVM " + process.pid() + " did not stop within " + timeout);
        }
        return process.exitValue();
    }

    private String readyUrl() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("the projections child JVM exited with " + process.exitValue() + ": "
                    + Files.readString(log));
        }
        if (!Files.exists(log)) {
            return null;
        }
        return Files.readAllLines(log).stream().filter(line -> line.startsWith(READY))
                .map(line -> line.substring(READY.length()).trim()).findFirst().orElse(null);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
        String keep = System.getProperty("reliability.keep.logs");
        if (keep != null) {
            try {
                Files.copy(log, Path.of(keep, log.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                System.err.println("could not keep " + log + ": " + e.getMessage());
            }
        }
    }
}
