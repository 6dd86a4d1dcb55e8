/** The subscriber's engine (poll loop, work tracking, the handler choke point); not an API. */
package io.agentevents.consumer.internal;
