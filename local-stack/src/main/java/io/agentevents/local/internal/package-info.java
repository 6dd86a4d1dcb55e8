/** Implementation details of the local platform; not an API. */
package io.agentevents.local.internal;
