/**
 * Small example services that agents (and the demo) use to emit events through an injected
 * {@link io.agentevents.producer.EventBus}, or through none at all:
 * {@link io.agentevents.producer.examples.PlanLifecycleService} ({@code plan.created},
 * {@code plan.phase_changed}) and {@link io.agentevents.producer.examples.DecisionService}
 * ({@code decision.created}), carrying correlation and causation ids from one event to the next.
 */
package io.agentevents.producer.examples;
