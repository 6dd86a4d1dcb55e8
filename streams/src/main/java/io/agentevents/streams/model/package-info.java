/**
 * The values of the projections: what the stores hold ({@link io.agentevents.streams.model.AuditTrail},
 * {@link io.agentevents.streams.model.PlanFold}, {@link io.agentevents.streams.model.PlanIndex}),
 * what the output topics and the query API show ({@link io.agentevents.streams.model.AuditEntry},
 * {@link io.agentevents.streams.model.PlanState}, {@link io.agentevents.streams.model.RateWindow}),
 * and their JSON form ({@link io.agentevents.streams.model.JsonSerdes}). All are immutable records,
 * safe to share between threads; every fold is a pure function returning a new value.
 */
package io.agentevents.streams.model;
