/**
 * {@code eventbus demo} and {@code eventbus agent}: the platform end to end, with agents as separate
 * operating-system processes exchanging events through Kafka, and a check of the projections against
 * what the agents emitted.
 */
package io.agentevents.platform.demo;
