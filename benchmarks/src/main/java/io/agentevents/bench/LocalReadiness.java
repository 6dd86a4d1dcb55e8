package io.agentevents.bench;

import io.agentevents.bench.Measurements.LocalReady;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import io.agentevents.streams.client.QueryApiException;
import io.agentevents.streams.client.QueryClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The {@code local_ready_s} measurement: how long {@code eventbus local} takes from its start to a
 * queryable platform. Starts {@code java -cp <the bench's class path> io.agentevents.cli.Main local
 * --kafka-port 0 --registry-port 0 --http-port 0 --data-dir <a new temporary directory>}, as a user
 * runs {@code java -jar eventbus.jar local} (no JVM options but the bench's {@code --jvm-option}s; the
 * bench's jar holds the cli), reads the
 * query API's address from the {@code query API:} line it prints, and polls {@code GET /health} every 50 ms until it
 * answers 200 (the projections are RUNNING). The time runs from the process start (JVM start
 * included) to that answer.
 *
 * <p>Then stops it as Ctrl-C would (SIGTERM), waits up to 30 s for it to end, and kills it and its
 * descendants otherwise; the process is killed on every failure path and when the bench's own JVM
 * ends first, and the data directory is deleted, so nothing is left behind.
 */
final class LocalReadiness {
    static final String ADDRESS_LINE = "query API:";
    /** The main class of {@code java -jar eventbus.jar}. */
    static final String EVENTBUS_MAIN = io.agentevents.cli.Main.class.getName();
    private static final Duration HEALTH_POLL = Duration.ofMillis(50);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);

    private final Path logDirectory;
    private final Duration patience;
    private final List<String> jvmOptions;

    /** @param jvmOptions the bench's {@code --jvm-option}s (none: the JVM's defaults, as a user runs it) */
    LocalReadiness(Path logDirectory, Duration patience, List<String> jvmOptions) {
        this.logDirectory = logDirectory;
        this.patience = patience;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /**
     * The command that runs {@code eventbus local} from this JVM's class path: {@code eventbus-bench.jar}
     * holds the cli's classes, but its own main is the bench, so the cli's main is named (as
     * {@code java -jar eventbus.jar} would run it).
     */
    static List<String> command(String classPath, List<String> jvmOptions, Path dataDirectory) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, EVENTBUS_MAIN,
                "local", "--kafka-port", "0", "--registry-port", "0", "--http-port", "0", "--data-dir", dataDirectory.toString()));
        return command;
    }

    /** The query API's URL from a line {@code eventbus local} prints, or null. */
    static String address(String line) {
        String trimmed = line.trim();
        return trimmed.startsWith(ADDRESS_LINE) ? trimmed.substring(ADDRESS_LINE.length()).trim() : null;
    }

    LocalReady measure(String name) throws InterruptedException {
        Path log = logDirectory.resolve(name + ".log");
        Path data;
        try {
            Files.createDirectories(logDirectory);
            data = Files.createTempDirectory("eventbus-bench-local-" + name + "-"); // named: its process can be found
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + name + ": " + e.getMessage(), e);
        }
        List<String> command = command(System.getProperty("java.class.path"), jvmOptions, data);
        Process process = null;
        Thread killer = null;
        List<String> output = new CopyOnWriteArrayList<>();
        try {
            Files.writeString(log, String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
            long started = System.nanoTime();
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            killer = cleanUpOnExit(process, data, name);
            CompletableFuture<String> url = new CompletableFuture<>();
            Process child = process;
            Thread reader = new Thread(() -> read(child, started, output, url), "bench-read-" + name);
            reader.setDaemon(true);
            reader.start();
            long deadline = started + patience.toNanos();
            String base = awaitAddress(url, process, deadline, log);
            try (QueryClient query = QueryClient.connect(base)) {
                while (!healthy(query)) {
                    if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                        throw new IllegalStateException(name + ": " + base + "/health did not answer 200 within "
                                + patience.toSeconds() + " s (process " + (process.isAlive() ? "running" : "ended")
                                + "); its log: " + log);
                    }
                    Thread.sleep(HEALTH_POLL.toMillis());
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long peakKb = ChildJvm.peakRssKb(Path.of("/proc", Long.toString(process.pid()), "status")).orElse(-1);
            boolean stopped = stop(process);
            output.add("(bench: ready after " + seconds + " s; " + (stopped ? "stopped on SIGTERM" : "killed") + ")");
            return new LocalReady(seconds, peakKb < 0 ? null : Math.round(peakKb / 1024.0 * 10) / 10.0, stopped);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        } finally {
            if (process != null) {
                ChildJvm.kill(process);
                process.waitFor(10, TimeUnit.SECONDS);
                ChildJvm.removeHook(killer);
            }
            keep(output, logDirectory.resolve(name + ".out"));
            delete(data);
        }
    }

    /** A shutdown hook for when the bench's JVM ends mid-measurement: kill the process, then delete its data. */
    private static Thread cleanUpOnExit(Process process, Path data, String name) {
        Thread hook = new Thread(() -> {
            ChildJvm.kill(process);
            try {
                process.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delete(data);
        }, "bench-clean-up-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private String awaitAddress(CompletableFuture<String> url, Process process, long deadline, Path log)
            throws InterruptedException {
        while (true) {
            try {
                return url.get(Math.min(200, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))),
                        TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("eventbus local printed no query API address; its log: " + log, e.getCause());
            } catch (TimeoutException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("eventbus local printed no query API address within "
                            + patience.toSeconds() + " s; its log: " + log);
                }
                if (!process.isAlive() && !url.isDone()) {
                    throw new IllegalStateException("eventbus local ended (exit " + process.exitValue()
                            + ") before it printed its query API address; its log: " + log);
                }
            }
        }
    }

    /** {@code GET /health} answered 200 (RUNNING); a 503 or no answer (not listening yet) is not. */
    private static boolean healthy(QueryClient query) {
        try {
            return query.health().httpStatus() == 200;
        } catch (QueryApiException e) {
            return false;
        }
    }

    /** SIGTERM, as Ctrl-C; returns whether the process (and its descendants) ended within the patience. */
    private static boolean stop(Process process) throws InterruptedException {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        boolean ended = process.waitFor(STOP_PATIENCE.toSeconds(), TimeUnit.SECONDS);
        for (ProcessHandle descendant : descendants) {
            if (descendant.isAlive()) {
                descendant.destroyForcibly();
                ended = false;
            }
        }
        return ended;
    }

    /** Keeps each line with the seconds since the start (where the time goes), and completes {@code url} from its line. */
    private static void read(Process process, long started, List<String> output, CompletableFuture<String> url) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(String.format(Locale.ROOT, "[%6.2fs] %s", (System.nanoTime() - started) / 1e9, line));
                String address = address(line);
                if (address != null) {
                    url.complete(address);
                }
            }
            url.completeExceptionally(new IllegalStateException("its output ended"));
        } catch (IOException e) {
            url.completeExceptionally(e);
        }
    }

    private static void keep(List<String> output, Path file) {
        try {
            Files.write(file, output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // the log is a convenience; the measurement stands without it
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: the system cleans it eventually
        }
    }
}
