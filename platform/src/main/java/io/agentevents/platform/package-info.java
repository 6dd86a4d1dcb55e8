/**
 * The libraries assembled: {@link io.agentevents.platform.RunningPlatform}, the embedded platform
 * (Kafka, schema registry, topics) with the projections and their query API over it, as
 * {@code eventbus local} and {@code eventbus demo} run it.
 */
package io.agentevents.platform;
