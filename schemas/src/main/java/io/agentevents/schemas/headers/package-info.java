/** The CloudEvents Kafka headers every event record carries, and how to read them without decoding the value. */
package io.agentevents.schemas.headers;
