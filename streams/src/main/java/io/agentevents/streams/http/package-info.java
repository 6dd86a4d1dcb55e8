/**
 * The HTTP query API of the projections: plans, audit trails, event rates and health, answered
 * from local state stores or forwarded to the owning instance; over HTTP or HTTPS, open or for the
 * users and tokens of {@link io.agentevents.streams.http.QueryAccess}, within the size limits of
 * {@link io.agentevents.streams.http.QueryServer} and the rate of {@link io.agentevents.streams.http.QueryLimits}.
 */
package io.agentevents.streams.http;
