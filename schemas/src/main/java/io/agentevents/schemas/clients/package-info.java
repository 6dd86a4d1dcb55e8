/** Settings shared by every Kafka client of the platform. */
package io.agentevents.schemas.clients;
