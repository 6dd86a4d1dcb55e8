/**
 * Kafka serializer, deserializer and serde for {@link io.agentevents.schemas.DomainEvent} in
 * Confluent's Avro wire format, with the schema id from a schema registry.
 */
package io.agentevents.schemas.serde;
