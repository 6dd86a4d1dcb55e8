/**
 * The event contract shared by every process: the {@link io.agentevents.schemas.EventType} catalog
 * (38 types in 11 {@link io.agentevents.schemas.Domain}s), the immutable, validated
 * {@link io.agentevents.schemas.DomainEvent} and its exceptions. The wire form is the Avro schema
 * {@code DomainEvent.avsc}; its generated classes live in {@code io.agentevents.avro} and are
 * reached through {@link io.agentevents.schemas.codec.AvroEventCodec}.
 */
package io.agentevents.schemas;
