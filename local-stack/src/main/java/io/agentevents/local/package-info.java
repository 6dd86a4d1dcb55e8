/**
 * The local platform: a real embedded KRaft Kafka and a Confluent-API schema registry, used by
 * {@code eventbus local} and by the tests. Built by the local platform issue; this package holds
 * nothing else yet.
 */
package io.agentevents.local;
