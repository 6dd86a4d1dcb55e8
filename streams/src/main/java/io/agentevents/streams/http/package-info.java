/**
 * The HTTP query API of the projections: plans, audit trails, event rates and health, answered
 * from local state stores or forwarded to the owning instance.
 */
package io.agentevents.streams.http;
