/**
 * How the projections keep their state in Kafka Streams stores: compact binary keys and values,
 * one store record per audit entry and per plan of a tree (so a trail or a tree is a range scan and
 * nothing is rewritten as it grows), with writers used by the topology's processors and readers
 * used by the query API and the tests. Layouts are versioned; every reader checks the version.
 */
package io.agentevents.streams.store;
