/**
 * The Kafka implementation of {@link io.agentevents.producer.EventBus}: {@link io.agentevents.producer.kafka.KafkaEventBus},
 * its typed configuration and the names of its settings.
 */
package io.agentevents.producer.kafka;
