/**
 * Subscribing to events by type or domain with at-least-once delivery, per-key order, retries and
 * dead letters. Built by the consumer SDK issue; this package holds nothing else yet.
 */
package io.agentevents.consumer;
