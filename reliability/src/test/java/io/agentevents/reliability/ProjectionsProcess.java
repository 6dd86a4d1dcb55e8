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
    private final Path goFile;

    private ProjectionsProcess(Process process, Path log, Path goFile) {
        this.process = process;
        this.log = log;
        this.goFile = goFile;
    }

    static ProjectionsProcess launch(ProjectionsConfig config, Path log) {
        return launch(config, log, List.of());
    }

    /** With these JVM options added, e.g. {@code -XX:TieredStopAtLevel=1} for a faster start. */
    static ProjectionsProcess launch(ProjectionsConfig config, Path log, List<String> jvmOptions) {
        return start(config, log, jvmOptions, List.of(ProjectionsService.class.getName()), null);
    }

    /**
     * A standby successor ({@link StandbyProjections}): started now, it loads its classes and waits;
     * {@link #go()} lets it start the projections. {@link #awaitStandby} waits until it is ready.
     */
    static ProjectionsProcess launchStandby(ProjectionsConfig config, Path log, List<String> jvmOptions) {
        Path goFile = log.resolveSibling(log.getFileName() + ".go");
        return start(config, log, jvmOptions, List.of(StandbyProjections.class.getName(), goFile.toString()), goFile);
    }

    private static ProjectionsProcess start(ProjectionsConfig config, Path log, List<String> jvmOptions, List<String> main,
                                            Path goFile) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path")));
        command.addAll(main);
        ProcessBuilder child = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        child.environment().putAll(config.toEnvironment());
        try {
            return new ProjectionsProcess(child.start(), log, goFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a projections child JVM", e);
        }
    }

    /** A standby's wait until it has loaded its classes. */
    void awaitStandby(Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("the standby projections JVM exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            return Files.exists(log) && Files.readString(log).contains(StandbyProjections.READY);
        });
    }

    /** Lets a standby start the projections. */
    void go() throws IOException {
        if (goFile == null) {
            throw new IllegalStateException("not a standby");
        }
        Files.createFile(goFile);
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
