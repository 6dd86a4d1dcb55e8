package io.agentevents.consumer.internal;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where a subscriber's handlers run: the application's executor (which the subscriber never shuts
 * down), or a pool of the subscriber's own with one named daemon thread per handler slot, started
 * with the subscriber and shut down with it. Thread-safe.
 */
public final class HandlerPool implements Executor {
    private final ThreadPoolExecutor own;
    private final Executor executor;

    private HandlerPool(ThreadPoolExecutor own, Executor executor) {
        this.own = own;
        this.executor = executor;
    }

    /** The application's {@code executor}, or (when null) a pool of {@code slots} threads named after {@code group}. */
    public static HandlerPool of(Executor executor, int slots, String group) {
        if (executor != null) {
            return new HandlerPool(null, executor);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor own = new ThreadPoolExecutor(slots, slots, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "eventbus-handler-" + group + "-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        return new HandlerPool(own, own);
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /** Starts every thread of an own pool now, not while the first records wait. */
    public void prestart() {
        if (own != null) {
            own.prestartAllCoreThreads();
        }
    }

    /** Shuts an own pool down, interrupting running handlers or letting them finish; leaves the application's alone. */
    public void shutDown(boolean interrupt) {
        if (own == null) {
            return;
        }
        if (interrupt) {
            own.shutdownNow();
        } else {
            own.shutdown();
        }
    }
}
