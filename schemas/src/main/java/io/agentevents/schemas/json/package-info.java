/** The JSON shape of events shown to people and other programs. */
package io.agentevents.schemas.json;
