/**
 * Network faults without Docker: {@link io.agentevents.local.testing.faults.FaultProxy}, an in-JVM
 * TCP proxy whose {@link io.agentevents.local.testing.faults.Toxic}s (latency with jitter, bandwidth,
 * slicing, cut, black hole, reset) are added and removed per
 * {@link io.agentevents.local.testing.faults.Direction} while data flows, and
 * {@link io.agentevents.local.testing.faults.FaultNetwork}, one proxy per link of an embedded Kafka
 * cluster (clients, controllers, brokers), so a test can cut, slow or isolate any node. See
 * {@code docs/reliability.md}.
 */
package io.agentevents.local.testing.faults;
