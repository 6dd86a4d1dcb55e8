/**
 * Subscribing to events on Kafka: {@link io.agentevents.consumer.EventSubscriber} (by type, by
 * domain or all, in the consumer group its configuration names; at-least-once; per-correlation-id
 * order with parallel handlers; retries with backoff; dead-letter topics; replay flags), its typed
 * configuration and the dead-letter header names. The listeners it calls are the
 * {@link io.agentevents.api.EventListener}s of module {@code api}, shared with the in-process buses.
 * Implementation details live in {@code internal}.
 */
package io.agentevents.consumer;
