/**
 * Where the platform is and how to log in to it, stated once: {@link io.agentevents.schemas.connection.ClusterConnection}
 * (every client configuration is built from it), {@link io.agentevents.schemas.connection.Secret} (values never printed)
 * and {@link io.agentevents.schemas.connection.Setting} (one declaration per {@code eventbus.*} / {@code EVENTBUS_*} setting;
 * {@link io.agentevents.schemas.connection.DeclaredSetting} for a configuration's list of them), and
 * {@link io.agentevents.schemas.connection.Durations}, the checks of the durations a configuration takes, and
 * {@link io.agentevents.schemas.connection.TlsStore}, a key or trust store file turned into a TLS context, and
 * {@link io.agentevents.schemas.connection.BasicCredentials}, the HTTP basic auth header our clients write and our
 * servers read.
 */
package io.agentevents.schemas.connection;
