package io.agentevents.streams.app;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SourceTopicsTest {

    @Test
    void theMissingTopicsAreSortedAsHealthShowsThemAndCannotBeChanged() {
        SourceTopics topics = new SourceTopics(new HashSet<>(List.of("events.tool", "events.actor", "events.plan")), 0);
        assertThat(topics.missing()).containsExactly("events.actor", "events.plan", "events.tool");
        assertThatThrownBy(() -> topics.missing().add("events.budget")).isInstanceOf(UnsupportedOperationException.class);
    }
}
