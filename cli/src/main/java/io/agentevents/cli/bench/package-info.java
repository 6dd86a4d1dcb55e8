/**
 * {@code eventbus bench}: the platform against raw Kafka (ProducerPerformance, ConsumerPerformance,
 * EndToEndLatency) in one run, each side in a child JVM of the same heap, alternating in pairs;
 * a table, {@code summary.json} and {@code summary.svg}.
 */
package io.agentevents.cli.bench;
