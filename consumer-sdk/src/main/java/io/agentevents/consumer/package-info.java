/**
 * Subscribing to events on Kafka: {@link io.agentevents.consumer.EventSubscriber} (by type, by
 * domain or all; at-least-once; per-correlation-id order with parallel handlers; retries with
 * backoff; dead-letter topics; replay flags), its typed configuration and the dead-letter header
 * names. Implementation details live in {@code internal}.
 */
package io.agentevents.consumer;
