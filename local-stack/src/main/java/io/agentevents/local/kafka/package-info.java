/**
 * A real Apache Kafka cluster in KRaft mode inside this JVM ({@link io.agentevents.local.kafka.EmbeddedKafka}),
 * 1 to 3 combined broker/controller nodes on 127.0.0.1, for local runs and tests; open by default, or
 * secured with SASL/SCRAM users, TLS and ACLs ({@link io.agentevents.local.kafka.EmbeddedKafkaSecurity}).
 */
package io.agentevents.local.kafka;
