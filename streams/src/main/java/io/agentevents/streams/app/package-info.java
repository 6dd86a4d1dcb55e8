/** The projections application: Kafka Streams with exactly-once, its configuration and lifecycle. */
package io.agentevents.streams.app;
