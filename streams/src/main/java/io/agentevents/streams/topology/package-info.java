/**
 * The projections as a Kafka Streams topology: {@link io.agentevents.streams.topology.ProjectionsTopology}
 * (a pure function of a {@code StreamsBuilder} and {@link io.agentevents.streams.topology.ProjectionOptions}),
 * the names of its stores and topics ({@link io.agentevents.streams.topology.ProjectionStores}), and its
 * handling of bad input ({@link io.agentevents.streams.topology.ProjectionsDeserializationHandler},
 * {@link io.agentevents.streams.topology.ProjectionErrorCounter}).
 */
package io.agentevents.streams.topology;
