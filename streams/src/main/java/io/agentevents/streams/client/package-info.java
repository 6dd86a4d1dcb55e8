/**
 * A typed client of the projections' HTTP query API ({@code io.agentevents.streams.http}):
 * {@link io.agentevents.streams.client.QueryClient} reads plans, plan trees, audit trails, rates and
 * health into the model types of {@code io.agentevents.streams.model}, with the freshness each
 * answer reports, waits out {@code 503} and {@code 429} as {@code Retry-After} says within a deadline,
 * and turns error answers into {@link io.agentevents.streams.client.QueryApiException}s;
 * {@link io.agentevents.streams.client.QueryClientSettings} declares its token, trust store and URL settings.
 */
package io.agentevents.streams.client;
