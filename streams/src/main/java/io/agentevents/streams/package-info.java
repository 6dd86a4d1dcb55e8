/**
 * Kafka Streams projections over every domain topic (audit trail, plan state, event rates) and
 * their HTTP query API. Built by the projections issue; this package holds nothing else yet.
 */
package io.agentevents.streams;
