package io.agentevents.consumer;

import io.agentevents.local.testing.EventTopics;

/** Test helper: subscriber settings for the topics of an {@link EventTopics}. */
final class TestSubscribers {
    private TestSubscribers() {
    }

    /** Reads the layout of {@code topics} in a group named {@code uniqueName(group)}. */
    static SubscriberConfig config(EventTopics topics, String group) {
        return SubscriberConfig.builder(topics.platform().bootstrapServers(), topics.platform().schemaRegistryUrl(),
                topics.platform().uniqueName(group)).topicPrefix(topics.layout().prefix()).build();
    }
}
