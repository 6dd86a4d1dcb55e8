package io.agentevents.streams.app;

import io.agentevents.streams.console.DeadLetterDesk;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The projections application as a process of its own: configured from {@code EVENTBUS_*}
 * environment variables ({@link ProjectionsConfig#fromEnvironment}), it prints
 * {@code projections ready: <query API URL>} once started and runs until the JVM is asked to stop
 * (SIGTERM, Ctrl-C), when it closes cleanly. {@code eventbus projections} and the container image
 * run the same code. Exits with status 2 on a configuration error, naming the variable.
 */
public final class ProjectionsService {

    private ProjectionsService() {
    }

    public static void main(String[] args) throws InterruptedException {
        ProjectionsConfig config;
        try {
            config = ProjectionsConfig.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("projections: " + e.getMessage());
            System.exit(2);
            return;
        }
        run(config, new PrintWriter(System.out, true, Charset.defaultCharset()));
    }

    /** Starts the application, prints the ready line, and blocks until the JVM shuts down. */
    public static void run(ProjectionsConfig config, PrintWriter out) throws InterruptedException {
        run(config, Optional.empty(), out);
    }

    /**
     * Starts the application with a web console showing dead letters through {@code deadLetters}, prints
     * the ready line, and blocks until the JVM shuts down.
     */
    public static void run(ProjectionsConfig config, Optional<DeadLetterDesk> deadLetters, PrintWriter out)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        ProjectionsApp app = ProjectionsApp.start(config, deadLetters);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "projections-shutdown"));
        out.println("projections ready: " + app.url());
        out.println("web console: " + app.url() + "/");
        out.flush();
        stopped.await();
    }

}
