/**
 * The handler API every bus shares: {@link io.agentevents.api.EventListener} (the code run for an
 * event), {@link io.agentevents.api.Delivery} (position, attempt, replay flag),
 * {@link io.agentevents.api.Subscription} (stop delivery) and {@link io.agentevents.api.Subscribable}
 * (subscribe in process), and {@link io.agentevents.api.AgentEventsException} (the root of the
 * buses' failures, retriable or not). It depends only on the event contract ({@code schemas}); the in-process
 * buses ({@code producer}) and the Kafka {@code EventSubscriber} ({@code consumer-sdk}) implement
 * it, so a listener moves between them unchanged.
 */
package io.agentevents.api;
