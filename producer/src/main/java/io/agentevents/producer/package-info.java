/**
 * Emitting events: the {@link io.agentevents.producer.EventBus} contract, its results and
 * exceptions. {@code kafka} holds the Kafka implementation; {@code inprocess} the in-process buses
 * (reactive and listener dispatch, logging) for tests and single-process use. The listeners they
 * call are those of module {@code api}; subscribing on Kafka is the consumer SDK's.
 */
package io.agentevents.producer;
