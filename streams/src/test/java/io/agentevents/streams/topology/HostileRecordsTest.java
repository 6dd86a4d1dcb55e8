package io.agentevents.streams.topology;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.testing.HostileRecords;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.agentevents.streams.model.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Records built to exhaust a reader (a length or count claiming gigabytes, details nested
 * hundreds of thousands deep) are undecodable records like any other: counted, skipped, and the
 * next record folded. Before the codec bounded them they were an {@link OutOfMemoryError}, a
 * 2 GB allocation or a {@link StackOverflowError} in the stream thread.
 */
class HostileRecordsTest {

    @Test
    void recordsThatClaimHugeLengthsOrNestTooDeepAreCountedAndSkipped() {
        try (ProjectionsDriver projections = new ProjectionsDriver()) {
            byte[] valid = projections.serde.serializer().serialize("events.plan", event(EventType.PLAN_CREATED, "p-1", 0, 1));
            int id = ByteBuffer.wrap(valid, 1, 4).getInt();
            List<byte[]> hostile = List.of(
                    HostileRecords.frame(id, HostileRecords.stringLengthBomb(Integer.MAX_VALUE - 100)),
                    HostileRecords.frame(id, HostileRecords.arrayCountBomb(Integer.MAX_VALUE - 100)),
                    HostileRecords.frame(id, HostileRecords.mapCountBomb(Long.MAX_VALUE)),
                    HostileRecords.frame(id, HostileRecords.nestedArrays(200_000)),
                    HostileRecords.frame(id, HostileRecords.openNestedMaps(200_000)));

            projections.pipeRaw(Domain.PLAN, valid);
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> hostile.forEach(bytes -> projections.pipeRaw(Domain.PLAN, bytes)));
            projections.pipe(event(EventType.PLAN_STARTED, "p-1", 1, 2));

            assertThat(projections.counter.snapshot().undecodableRecords()).isEqualTo(hostile.size());
            assertThat(projections.counter.snapshot().undecodableByTopic()).containsExactly(Map.entry("events.plan", 5L));
            assertThat(projections.state("p-1").status()).isEqualTo("running");
            assertThat(projections.state("p-1").eventCount()).isEqualTo(2);
            assertThat(projections.state("p-1").inputOffsets()).containsExactly(Map.entry("events.plan-0", 6L));
        }
    }
}
