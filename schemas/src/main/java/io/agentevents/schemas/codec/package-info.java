/**
 * The Avro form of {@link io.agentevents.schemas.DomainEvent}: lossless conversion to and from the
 * generated record and plain Avro binary, with schema resolution for older and newer writers, and
 * direct paths (straight from and into the event) for the reader's own schema that give the same
 * bytes and the same events.
 */
package io.agentevents.schemas.codec;
