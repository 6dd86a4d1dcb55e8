/**
 * A client of a Confluent-compatible schema registry: the {@link io.agentevents.schemas.registry.SchemaRegistryClient}
 * contract, its HTTP and in-memory implementations, configuration, compatibility rules and errors.
 */
package io.agentevents.schemas.registry;
