/**
 * Emitting events: the {@link io.agentevents.producer.EventBus} contract, its results and
 * exceptions. {@code kafka} holds the Kafka implementation; {@code inprocess} the in-process buses
 * (reactive and callback dispatch, logging) for tests and single-process use.
 */
package io.agentevents.producer;
