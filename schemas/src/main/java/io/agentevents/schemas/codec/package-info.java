/**
 * The Avro form of {@link io.agentevents.schemas.DomainEvent}: lossless conversion to and from the
 * generated record and plain Avro binary, with schema resolution for older and newer writers.
 */
package io.agentevents.schemas.codec;
