/**
 * What the web console needs from outside the projections: {@link io.agentevents.streams.console.DeadLetterDesk}
 * (dead letters listed, shown and replayed), plugged in by the process that starts the projections.
 * The console itself (pages, live stream, its JSON) is served by the query API's server.
 */
package io.agentevents.streams.console;
