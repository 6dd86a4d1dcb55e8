/**
 * An embedded schema registry speaking the Confluent Schema Registry REST API v1 (Avro), keeping
 * its state in a compacted Kafka topic: {@link io.agentevents.local.registry.EmbeddedSchemaRegistry}
 * configured by {@link io.agentevents.local.registry.SchemaRegistryServerConfig}. Every other type
 * here is package-private implementation.
 */
package io.agentevents.local.registry;
