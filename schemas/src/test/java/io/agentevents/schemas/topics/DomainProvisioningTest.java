package io.agentevents.schemas.topics;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The layout {@code eventbus projections} creates missing domain topics with, and what it says it did. */
class DomainProvisioningTest {

    @Test
    void missingDomainTopicsGetTheConfiguredReplicationOrAsManyReplicasAsBrokersUpToThree() {
        TopicLayout single = DomainProvisioning.layout("agents", 4, -1, 1);
        assertThat(single.prefix()).isEqualTo("agents");
        assertThat(single.partitions()).isEqualTo(4);
        assertThat(single.replicationFactor()).isEqualTo((short) 1);
        assertThat(single.minInSyncReplicas()).isEqualTo(1);

        TopicLayout five = DomainProvisioning.layout("agents", 4, -1, 5);
        assertThat(five.replicationFactor()).isEqualTo((short) 3);
        assertThat(five.minInSyncReplicas()).isEqualTo(2);

        TopicLayout configured = DomainProvisioning.layout("agents", 4, 1, 5);
        assertThat(configured.replicationFactor()).isEqualTo((short) 1);
        assertThat(configured.minInSyncReplicas()).isEqualTo(1);
    }

    @Test
    void theSummarySaysWhatExistedAndWhatWasCreated() {
        TopicLayout layout = DomainProvisioning.layout("agents", 4, -1, 1);

        assertThat(new DomainProvisioning.Topics(layout, List.of()).summary())
                .isEqualTo("topics: the 22 domain and dead-letter topics (agents.<domain>[.dlq]) exist");
        assertThat(new DomainProvisioning.Topics(layout, List.of("agents.plan", "agents.plan.dlq")).summary())
                .isEqualTo("topics: created 2 of the 22 domain and dead-letter topics (agents.<domain>[.dlq]), 4 partitions, "
                        + "replication 1");
    }
}
