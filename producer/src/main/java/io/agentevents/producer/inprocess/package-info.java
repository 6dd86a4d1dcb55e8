/**
 * In-process buses, for tests and single-process use: {@link io.agentevents.producer.inprocess.InMemoryEventBus}
 * (records every event; synchronous handler dispatch in one total order; a back-pressured
 * {@link java.util.concurrent.Flow} stream) and {@link io.agentevents.producer.inprocess.LoggingEventBus}
 * (one structured audit line per event, alone or in front of another bus), with their typed
 * configuration and the {@link io.agentevents.schemas.Redactor} that keeps secrets out
 * of audit lines. Every public type here is thread-safe or immutable.
 */
package io.agentevents.producer.inprocess;
