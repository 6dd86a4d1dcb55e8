package io.agentevents.local.internal;

import io.agentevents.local.LocalPlatformException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.DescribeConsumerGroupsOptions;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Removes the members of a consumer group through the Admin client. Stateless. */
public final class GroupMembers {

    private GroupMembers() {
    }

    /**
     * Removes every member of the group and answers how many there were; 0 for an unknown or empty group.
     *
     * @throws LocalPlatformException naming the group when Kafka refuses or does not answer within {@code timeout}
     */
    public static int removeAll(Admin admin, String groupId, Duration timeout) {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try {
            ConsumerGroupDescription group;
            try {
                group = admin.describeConsumerGroups(List.of(groupId), new DescribeConsumerGroupsOptions().timeoutMs(timeoutMs))
                        .describedGroups().get(groupId).get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    return 0;
                }
                throw e;
            }
            int members = group.members().size();
            if (members > 0) {
                RemoveMembersFromConsumerGroupOptions all = new RemoveMembersFromConsumerGroupOptions();
                all.reason("left over from the previous run of the local platform");
                admin.removeMembersFromConsumerGroup(groupId, all.timeoutMs(timeoutMs)).all()
                        .get(timeoutMs, TimeUnit.MILLISECONDS);
            }
            return members;
        } catch (ExecutionException e) {
            throw new LocalPlatformException("cannot remove the members of consumer group " + groupId + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LocalPlatformException("Kafka did not answer about consumer group " + groupId + " within "
                    + timeout.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalPlatformException("interrupted while removing the members of consumer group " + groupId, e);
        }
    }
}
