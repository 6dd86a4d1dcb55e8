package io.agentevents.producer;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;

import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EmitExceptionTest {
    private static final DomainEvent EVENT = DomainEvent.builder(EventType.DECISION_CREATED).source("s").build();

    @Test
    void anAclRefusalNamesTheTopicInPlainWordsAndIsNotRetriable() {
        EmitException e = EmitException.wrap(EVENT, new TopicAuthorizationException(Set.of("events.decision")),
                "events.decision on Kafka k:9092");

        assertThat(e.getMessage()).contains("(decision.created) not emitted to events.decision on Kafka k:9092: "
                        + "not authorized to write topic events.decision")
                .contains("TopicAuthorizationException: Not authorized to access topics: [events.decision]");
        assertThat(e.retriable()).isFalse();
    }

    @Test
    void authenticationAndClusterRefusalsAreSpelledOutToo() {
        EmitException login = EmitException.wrap(EVENT, new SaslAuthenticationException("Authentication failed"));
        assertThat(login.getMessage()).contains("authentication failed: check security.protocol", "SaslAuthenticationException");
        assertThat(login.retriable()).isFalse();

        EmitException cluster = EmitException.wrap(EVENT, new ClusterAuthorizationException("Cluster authorization failed."));
        assertThat(cluster.getMessage()).contains("not authorized by the cluster", "ClusterAuthorizationException");
        assertThat(cluster.retriable()).isFalse();
    }

    @Test
    void otherFailuresKeepTheirPlainForm() {
        EmitException timeout = EmitException.wrap(EVENT, new TimeoutException("Topic events.plan not present in metadata"));
        assertThat(timeout.getMessage()).endsWith("not emitted: TimeoutException: Topic events.plan not present in metadata");
        assertThat(timeout.retriable()).isTrue();
    }
}
