package io.agentevents.streams.http;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Retries a read until it is final or its time is up, without holding any thread while it waits:
 * each later attempt runs on one scheduler thread, and an attempt may itself be asynchronous (a
 * request forwarded to the key's owner). A read-your-write wait of up to 30 s so costs the server
 * nothing between attempts. Thread-safe; {@link #close} cancels what is scheduled.
 */
final class ReadWaiter implements AutoCloseable {

    /**
     * One try's answer, and whether (after how long) to try again while time remains. A try made with
     * no time left must answer in full: its answer is the one given.
     */
    record Attempt(ApiResponse response, Duration retryAfter) {
        static Attempt done(ApiResponse response) {
            return new Attempt(response, null);
        }

        static Attempt again(ApiResponse response, Duration after) {
            return new Attempt(response, after);
        }
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "projections-read-waits");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Runs {@code attempt} now (on the calling thread) and again as it asks until it is final or
     * {@code timeout} has passed; the future has the last attempt's answer. {@code attempt} gets the
     * time left.
     */
    CompletableFuture<ApiResponse> until(Function<Duration, CompletableFuture<Attempt>> attempt, Duration timeout) {
        CompletableFuture<ApiResponse> result = new CompletableFuture<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        run(attempt, deadline, result);
        return result;
    }

    private void run(Function<Duration, CompletableFuture<Attempt>> attempt, long deadline, CompletableFuture<ApiResponse> result) {
        long left = Math.max(0, deadline - System.nanoTime());
        attempt.apply(Duration.ofNanos(left)).whenComplete((tried, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            long now = System.nanoTime();
            if (tried.retryAfter() == null || left == 0) {
                result.complete(tried.response()); // final, or the last try (made with no time left)
                return;
            }
            // the last try is made at the deadline, with no time left, so it answers in full
            long delay = Math.max(0, Math.min(tried.retryAfter().toNanos(), deadline - now));
            try {
                timer.schedule(() -> run(attempt, deadline, result), delay, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                result.complete(tried.response()); // closing: answer with what there is
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
