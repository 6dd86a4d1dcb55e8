/**
 * The local platform: {@link io.agentevents.local.LocalPlatform} runs a real embedded KRaft Kafka
 * ({@code kafka}), a Confluent-API schema registry ({@code registry}) and the domain topics, as
 * {@code eventbus local} does; {@code testing} shares one such platform per test JVM.
 */
package io.agentevents.local;
