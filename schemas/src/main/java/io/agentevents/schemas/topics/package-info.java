/**
 * The Kafka topic layout of the platform (one topic and one dead-letter topic per domain) and
 * its idempotent provisioning through the Admin client.
 */
package io.agentevents.schemas.topics;
