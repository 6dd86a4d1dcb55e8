/**
 * What the platform gives the web console beyond the projections: {@link io.agentevents.platform.console.ConsoleDeadLetters},
 * the dead letters listed, shown and replayed through the consumer SDK.
 */
package io.agentevents.platform.console;
