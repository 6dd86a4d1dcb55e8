package io.agentevents.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Runs one measurement in a child JVM: {@code java -Xmx<heap> -cp <our class path> <main> <args>},
 * collects its standard output lines, sends its standard error to a log file, and follows its
 * peak resident set size ({@code VmHWM} in {@code /proc/<pid>/status}) while it runs. Both sides of
 * a comparison run this way, with the same heap and JVM options, so neither shares a JVM (heap,
 * JIT, GC) with the broker or with the other side.
 */
final class ChildJvm {
    private static final long RSS_POLL_MILLIS = 50;

    private final String java;
    private final String classPath;
    private final List<String> jvmOptions;
    private final Path logDirectory;

    /**
     * @param heap         the {@code -Xmx} value of every child, e.g. {@code 512m}
     * @param extraOptions further JVM options of every child
     * @param logDirectory where each child's standard error and output are kept
     */
    ChildJvm(String heap, List<String> extraOptions, Path logDirectory) {
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.classPath = System.getProperty("java.class.path");
        List<String> options = new ArrayList<>(List.of("-Xmx" + heap, "-Duser.language=en", "-Duser.country=US"));
        options.addAll(extraOptions);
        this.jvmOptions = List.copyOf(options);
        this.logDirectory = logDirectory;
    }

    /** What a child printed, how it ended, and its peak memory. */
    record Result(String name, int exitCode, List<String> output, Double peakRssMb, double wallSeconds, Path log) {
        Result {
            output = List.copyOf(output);
        }

        /** The first line starting with {@code prefix}, without the prefix. */
        String lineAfter(String prefix) {
            return output.stream().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()))
                    .findFirst().orElse(null);
        }
    }

    /** A child that did not end within its time: it was killed, with its descendants. */
    static final class TimedOutException extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final transient Duration timeout;
        private final transient Path log;

        TimedOutException(String name, Duration timeout, Path log) {
            super(name + " did not finish within " + timeout.toSeconds() + " s; its log: " + log);
            this.timeout = timeout;
            this.log = log;
        }

        Duration timeout() {
            return timeout;
        }

        Path log() {
            return log;
        }
    }

    /**
     * Runs a child to its end and returns what it printed. The child (and its descendants) is killed
     * when it outlives {@code timeout}, when this thread is interrupted, and when this JVM shuts down
     * first (a shutdown hook), so no child is left behind.
     *
     * @param name      a name for its log files, e.g. {@code p1-emit-raw}
     * @param options   JVM options for this child only (e.g. a flight recording)
     * @throws TimedOutException when it does not end within {@code timeout} (it is killed)
     */
    Result run(String name, List<String> options, String mainClass, List<String> args, Duration timeout)
            throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmOptions);
        command.addAll(options);
        command.add("-cp");
        command.add(classPath);
        command.add(Objects.requireNonNull(mainClass, "mainClass"));
        command.addAll(args);
        return exec(name, command, timeout);
    }

    /**
     * Runs {@code command} as it is (no JVM options of this class: a command as a user types it) to its
     * end, as {@link #run} does: killed when it outlives {@code timeout}, its output kept, its peak memory.
     *
     * @throws TimedOutException when it does not end within {@code timeout} (it is killed)
     */
    Result exec(String name, List<String> command, Duration timeout) throws InterruptedException {
        String program = command.get(0);
        Path log = logDirectory.resolve(name + ".log");
        long started = System.nanoTime();
        Process process;
        try {
            Files.createDirectories(logDirectory);
            Files.writeString(log, String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8);
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + program + "): " + e.getMessage(), e);
        }
        Thread killer = killOnExit(process, name);
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readLines(process, output), "bench-read-" + name);
        reader.setDaemon(true);
        reader.start();
        Path status = Path.of("/proc", Long.toString(process.pid()), "status");
        long peakKb = -1;
        long deadline = started + timeout.toNanos();
        try {
            while (!process.waitFor(RSS_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                peakKb = Math.max(peakKb, peakRssKb(status).orElse(-1));
                if (System.nanoTime() - deadline > 0) {
                    throw new TimedOutException(name, timeout, log);
                }
            }
        } finally {
            kill(process);
            removeHook(killer);
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        double wall = (System.nanoTime() - started) / 1e9;
        try {
            Files.write(logDirectory.resolve(name + ".out"), output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the output of " + name + ": " + e.getMessage(), e);
        }
        Double peakMb = peakKb < 0 ? null : Math.round(peakKb / 1024.0 * 10) / 10.0;
        return new Result(name, process.exitValue(), output, peakMb, wall, log);
    }

    /** Kills a process and its descendants, if still alive, without waiting. */
    static void kill(Process process) {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    /** A shutdown hook that kills {@code process} should this JVM end while it runs (Ctrl-C on the bench). */
    static Thread killOnExit(Process process, String name) {
        Thread hook = new Thread(() -> kill(process), "bench-kill-" + name);
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // this JVM is shutting down: the hook runs, and finds the process gone
        }
    }

    private static void readLines(Process process, List<String> output) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException e) {
            output.add("(reading the output failed: " + e.getMessage() + ")");
        }
    }

    /** {@code VmHWM} of a {@code /proc/<pid>/status} file in kB; empty where there is none (no /proc, process gone). */
    static OptionalLong peakRssKb(Path status) {
        try {
            return parseVmHwm(Files.readAllLines(status, StandardCharsets.UTF_8));
        } catch (IOException | UncheckedIOException e) {
            return OptionalLong.empty();
        }
    }

    /** The {@code VmHWM:   123456 kB} line of a status file, in kB. */
    static OptionalLong parseVmHwm(List<String> statusLines) {
        for (String line : statusLines) {
            if (line.startsWith("VmHWM:")) {
                String[] parts = line.substring("VmHWM:".length()).trim().split("\\s+");
                try {
                    long value = Long.parseLong(parts[0]);
                    return OptionalLong.of(parts.length > 1 && parts[1].equalsIgnoreCase("mB") ? value * 1024 : value);
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}
