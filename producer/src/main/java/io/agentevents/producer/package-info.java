/**
 * Emitting events: the {@code EventBus} contract and its implementations (Kafka, in-memory,
 * logging). Built by the producer issue; this package holds nothing else yet.
 */
package io.agentevents.producer;
