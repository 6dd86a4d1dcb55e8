package io.agentevents.producer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Test helper for races: tasks on threads of their own that all wait at the gate until
 * {@link #open()}, so that they run at the same time. Closing stops the threads.
 */
public final class StartingGate implements AutoCloseable {
    /** A task of a group; {@code index} is its place in the group, from 0. */
    @FunctionalInterface
    public interface Task {
        void run(int index) throws Exception;
    }

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch gate = new CountDownLatch(1);

    /** Starts {@code count} tasks that wait at the gate, then run {@code task}. */
    public List<Future<?>> submit(int count, Task task) {
        List<Future<?>> submitted = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            submitted.add(threads.submit(() -> {
                gate.await();
                task.run(index);
                return null;
            }));
        }
        return submitted;
    }

    /** Lets every task waiting at the gate run. */
    public void open() {
        gate.countDown();
    }

    /** Waits for every task, rethrowing the first failure; {@code timeout} bounds each wait. */
    public static void awaitAll(List<Future<?>> tasks, Duration timeout) throws Exception {
        for (Future<?> task : tasks) {
            task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
