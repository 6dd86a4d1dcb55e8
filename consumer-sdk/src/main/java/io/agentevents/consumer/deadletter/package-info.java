/**
 * Working with dead letters after the fact: {@link io.agentevents.consumer.deadletter.DeadLetters}
 * lists, counts, shows and replays the records that subscribers sent to the dead-letter topics
 * ({@code <prefix>.<domain>.dlq}), described by {@link io.agentevents.consumer.deadletter.DeadLetter}.
 */
package io.agentevents.consumer.deadletter;
