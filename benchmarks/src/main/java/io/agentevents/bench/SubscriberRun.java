package io.agentevents.bench;

import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.schemas.connection.ClusterConnection;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Worker mode {@code subscribe}: an {@link EventSubscriber} with a new group reads a pre-filled
 * {@code <prefix>.tool} from the beginning until {@code count} events were handled, at a given
 * {@code maxConcurrency}, with handlers that sleep {@code handlerMs} (0: no-op). The rate is timed
 * from the first handler call (after the group join) to the last; the rate with start from the
 * subscriber's start.
 *
 * <p>Without a limit, a subscriber that does not finish in time fails the worker. With a limit (the
 * stall check), the worker reports instead how many events were handled when the limit passed,
 * counted from the subscriber's start, group join included.
 *
 * @param maxBuffered an experiment: records read ahead before the subscriber pauses reading; empty: its default
 */
record SubscriberRun(ClusterConnection connection, String prefix, OptionalInt maxBuffered) {
    /** Patience without a limit: two minutes plus the ideal handling time. */
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration CLOSE = Duration.ofSeconds(10);

    /**
     * Runs one subscriber to the end (or to {@code limit}) and returns its figures: {@code concurrency},
     * {@code handler_ms}, {@code records}, {@code handled}, {@code completed}, and when completed
     * {@code seconds}, {@code records_per_s} and the same with the start.
     *
     * @param limit null: fail when not done within two minutes plus the ideal time
     */
    Map<String, Object> once(int concurrency, long count, long handlerMs, Duration limit) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong handled = new AtomicLong();
        AtomicLong firstStarted = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        SubscriberConfig config = SubscriberConfig.builder(connection,
                        prefix + "-c" + concurrency + "-" + DomainEvent.newId().toLowerCase(Locale.ROOT))
                .topicPrefix(prefix).maxConcurrency(concurrency).build();
        if (maxBuffered.isPresent()) {
            config = config.toBuilder().maxBufferedRecords(maxBuffered.getAsInt()).build();
        }
        Duration wait = limit != null ? limit
                : WAIT.plusMillis(count * Math.max(1, handlerMs) / concurrency);
        long started = System.nanoTime();
        try (EventSubscriber subscriber = EventSubscriber.builder(config)
                .on(EventType.TOOL_INVOKED, (event, delivery) -> {
                    firstStarted.compareAndSet(0, System.nanoTime());
                    if (handlerMs > 0) {
                        Thread.sleep(handlerMs);
                    }
                    if (handled.incrementAndGet() == count) {
                        finished.set(System.nanoTime());
                        done.countDown();
                    }
                })
                .build().start()) {
            boolean completed = done.await(Math.max(1, wait.toNanos() - (System.nanoTime() - started)), TimeUnit.NANOSECONDS);
            if (!completed && limit == null) {
                throw new IllegalStateException("concurrency " + concurrency + ": " + handled.get() + " of " + count
                        + " events handled in time (subscriber " + subscriber.state() + ")");
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("concurrency", concurrency);
            result.put("handler_ms", handlerMs);
            result.put("records", count);
            result.put("handled", Math.min(count, handled.get()));
            result.put("completed", completed);
            if (completed) {
                double seconds = (finished.get() - firstStarted.get()) / 1e9;
                result.put("seconds", seconds);
                result.put("records_per_s", count / seconds);
                result.put("seconds_with_start", (finished.get() - started) / 1e9);
                result.put("records_per_s_with_start", count / ((finished.get() - started) / 1e9));
            } else {
                result.put("limit_s", limit.toSeconds());
                result.put("subscriber_state", subscriber.state().name());
            }
            result.put("closed_in_time", subscriber.close(CLOSE));
            return result;
        }
    }
}
