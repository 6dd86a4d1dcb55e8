package io.agentevents.local.internal;

import io.agentevents.local.LocalPlatformException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Independent steps of a start, run at once on daemon threads of their own. {@link #awaitAll}
 * waits for every step and fails as soon as one fails, naming it; {@link #close()} interrupts what
 * is still running and waits (bounded) until it has stopped, so the caller may then clean up what
 * the steps made; it is idempotent. Each step's duration is logged at INFO. Not thread-safe: one
 * starting thread uses it.
 */
public final class StartSteps implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StartSteps.class);

    private final ExecutorService executor;
    private final Duration stopTimeout;
    private final CompletionService<String> completed;
    private final List<String> running = new ArrayList<>();

    /**
     * @param name        the threads' name prefix, e.g. {@code local-platform-start}
     * @param stopTimeout how long {@link #close()} waits for interrupted steps to stop
     */
    public StartSteps(String name, Duration stopTimeout) {
        this.stopTimeout = stopTimeout;
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.completed = new ExecutorCompletionService<>(executor);
    }

    /** Starts a step now; {@code name} names it in a failure. */
    public void run(String name, Runnable step) {
        running.add(name);
        completed.submit(() -> {
            long start = System.nanoTime();
            try {
                step.run();
                LOG.info("{} ready in {} ms", name, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                return name;
            } catch (RuntimeException e) {
                throw new StepFailure(name, e);
            }
        });
    }

    /** A step's failure, carrying its name. */
    private static final class StepFailure extends Exception {
        private final String step;

        StepFailure(String step, RuntimeException cause) {
            super(cause);
            this.step = step;
        }
    }

    /**
     * Waits until every step has ended.
     *
     * @throws LocalPlatformException the first failed step's exception if it is one, else one naming the
     *                                step and its cause; or one naming the steps still running after {@code timeout}
     */
    public void awaitAll(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!running.isEmpty()) {
            Future<String> next;
            try {
                next = completed.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (next == null) {
                    throw new LocalPlatformException(String.join(", ", running) + " did not finish within "
                            + timeout.toSeconds() + " s");
                }
                running.remove(next.get());
            } catch (ExecutionException e) {
                StepFailure failure = (StepFailure) e.getCause();
                if (failure.getCause() instanceof LocalPlatformException platformFailure) {
                    throw platformFailure;
                }
                throw new LocalPlatformException(failure.step + " failed: " + failure.getCause().getMessage(),
                        failure.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalPlatformException("interrupted while waiting for " + String.join(", ", running), e);
            }
        }
    }

    /** Interrupts the steps still running and waits until they have stopped (at most the stop timeout). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(stopTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
