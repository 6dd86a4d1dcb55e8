package io.agentevents.consumer;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StartPositionTest {

    @Test
    void replaysIgnoreCommittedOffsetsUnlessMadeToApplyOnlyWhereThereAreNone() {
        Instant time = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(StartPosition.earliest().ignoresCommitted()).isTrue();
        assertThat(StartPosition.at(time).ignoresCommitted()).isTrue();
        assertThat(StartPosition.committed().ignoresCommitted()).isFalse();
        assertThat(StartPosition.latest().ignoresCommitted()).isFalse();

        StartPosition resuming = StartPosition.at(time).whereUncommitted();
        assertThat(resuming.ignoresCommitted()).isFalse();
        assertThat(resuming.time()).isEqualTo(time);
        assertThat(resuming.isReplay()).as("what it reads from the time is a replay").isTrue();
        assertThat(resuming).isNotEqualTo(StartPosition.at(time));
        assertThat(StartPosition.latest().whereUncommitted()).isEqualTo(StartPosition.latest());
    }

    @Test
    void committedAndLatestAlwaysResumeCommittedOffsets() {
        assertThatThrownBy(() -> new StartPosition(StartPosition.Kind.LATEST, null, true))
                .hasMessageContaining("LATEST always resumes committed offsets");
        assertThatThrownBy(() -> new StartPosition(StartPosition.Kind.TIMESTAMP, null, false))
                .hasMessageContaining("a time is required");
    }
}
