package io.agentevents.api;

import io.agentevents.schemas.DomainEvent;

/**
 * Code run for each event a bus delivers: the one handler type of the platform. The same listener
 * (the same instance, even) can be subscribed to an in-process bus ({@link Subscribable}) and
 * registered with the Kafka {@code EventSubscriber} ({@code EventSubscriber.builder(config).on(type,
 * listener)}, module {@code consumer-sdk}), and moved between them without a change.
 *
 * <p><b>Threads.</b> The bus chooses the thread. In process: the thread that emitted the event (or
 * completed its emit), and the listeners of one bus never run at the same time. On Kafka: the
 * subscriber's handler executor, never the thread that polls Kafka, with up to
 * {@code maxConcurrency} records of different correlation ids handled at once. A listener given to
 * a subscriber of concurrency above 1, or to more than one bus, must therefore be thread-safe.
 *
 * <p><b>Order.</b> The events of one correlation id and one domain, emitted one after the other
 * from one thread, reach a listener in emit order, one at a time (on Kafka they share a partition
 * of the domain's topic). In process every listener of a bus sees all its events in one total
 * order; on Kafka nothing is promised between correlation ids, nor between domains (different
 * topics).
 *
 * <p><b>Delivery.</b> What throwing means depends on the bus, and {@link Delivery} tells the
 * listener which case it is in:
 * <ul>
 *   <li>In process: each event once per subscription, synchronously ({@link Delivery#attempt()} is
 *       always 1). A listener that throws an {@link Exception} is not called again for that event;
 *       the bus records and reports the failure, the other listeners still receive the event and the
 *       emit still succeeds.</li>
 *   <li>On Kafka: at least once. Throwing means "not handled": the call is repeated with backoff
 *       ({@link Delivery#attempt()} counts up), then the subscriber's failure strategy applies
 *       (dead-letter, hold, or stop). A crash, restart or rebalance may deliver again an event that
 *       was already handled, and a replay (from a time, an offset, or of a dead letter) delivers it
 *       again on purpose ({@link Delivery#replayed()}).</li>
 * </ul>
 * A listener that must work on Kafka tolerates being called again for the same event (the
 * {@linkplain DomainEvent#eventId() event id} identifies it) and may skip side effects such as tool
 * or LLM calls when {@link Delivery#replayed()} is true.
 *
 * <p><b>Interruption.</b> Throwing {@link InterruptedException} means the event was not handled
 * because the bus is stopping: on Kafka the record is not committed and is read again later.
 */
@FunctionalInterface
public interface EventListener {

    /**
     * Handles one event.
     *
     * @param event    the event, immutable
     * @param delivery where the event is stored, which attempt this is, whether it is a replay
     * @throws Exception when the event was not handled (see the class description for what follows)
     */
    void onEvent(DomainEvent event, Delivery delivery) throws Exception;
}
