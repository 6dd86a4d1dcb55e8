/**
 * {@code eventbus bench}: the platform against raw Kafka (ProducerPerformance, ConsumerPerformance,
 * EndToEndLatency) and against a plain consumer decoding with Avro, in one run, each side in a child
 * JVM of the same heap, alternating in pairs; plus the slow-handler sweep and stall check, the
 * projections' catch-up and write amplification, and {@code eventbus local}'s time to ready; a
 * table, {@code summary.json} and {@code summary.svg}. Runs from {@code benchmarks/target/eventbus-bench.jar}
 * ({@code ./eventbus bench}, main {@link io.agentevents.bench.BenchMain}), which holds Kafka's
 * {@code kafka-tools} and the cli (for {@code eventbus local}); the shipped {@code eventbus.jar} holds neither.
 */
package io.agentevents.bench;
