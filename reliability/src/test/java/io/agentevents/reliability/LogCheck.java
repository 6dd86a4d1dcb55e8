package io.agentevents.reliability;

import io.agentevents.producer.EmitResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a topic holds compared with what was emitted ({@link PacedLoad.Emit}s, of a {@link PacedLoad}
 * or of a scenario's own emitters): acknowledged events missing ({@code lost}), copies beyond the
 * first ({@code duplicates}), acknowledged events not where their {@link EmitResult} said
 * ({@code misplaced}), failed emits that landed anyway, and keys whose acknowledged events are not
 * at rising offsets in emit order (by their {@code seq}).
 */
record LogCheck(int found, long duplicates, List<String> lost, long misplaced, long failedButLanded,
                List<String> outOfOrderKeys, Map<String, List<TopicDump.Found>> foundById) {

    static LogCheck of(List<TopicDump.Found> log, PacedLoad load, Map<String, EmitResult> acknowledged) {
        return of(log, load.all(), acknowledged);
    }

    /** The check of these emits, each key's numbered in emit order ({@link PacedLoad.Emit#seq()}). */
    static LogCheck of(List<TopicDump.Found> log, List<PacedLoad.Emit> emitted, Map<String, EmitResult> acknowledged) {
        Map<String, List<TopicDump.Found>> byId = log.stream().collect(Collectors.groupingBy(TopicDump.Found::eventId));
        long duplicates = byId.values().stream().mapToLong(copies -> copies.size() - 1).sum();
        List<String> lost = acknowledged.keySet().stream().filter(id -> !byId.containsKey(id)).sorted().toList();
        long misplaced = acknowledged.entrySet().stream().filter(entry -> byId.containsKey(entry.getKey()))
                .filter(entry -> {
                    TopicDump.Found copy = byId.get(entry.getKey()).get(0);
                    EmitResult result = entry.getValue();
                    return !copy.topic().equals(result.topic()) || copy.partition() != result.partition()
                            || copy.offset() != result.offset();
                }).count();
        long failedButLanded = emitted.stream().filter(emit -> emit.outcome().isCompletedExceptionally())
                .filter(emit -> byId.containsKey(emit.eventId())).count();
        List<String> outOfOrder = new ArrayList<>();
        emitted.stream().filter(emit -> acknowledged.containsKey(emit.eventId()))
                .collect(Collectors.groupingBy(PacedLoad.Emit::key)).forEach((key, emits) -> {
                    List<PacedLoad.Emit> inEmitOrder = emits.stream().sorted(Comparator.comparingLong(PacedLoad.Emit::seq))
                            .toList();
                    for (int i = 1; i < inEmitOrder.size(); i++) {
                        EmitResult before = acknowledged.get(inEmitOrder.get(i - 1).eventId());
                        EmitResult after = acknowledged.get(inEmitOrder.get(i).eventId());
                        if (before.partition() != after.partition() || before.offset() >= after.offset()) {
                            outOfOrder.add(key);
                            return;
                        }
                    }
                });
        return new LogCheck(byId.size(), duplicates, lost, misplaced, failedButLanded, outOfOrder, byId);
    }

    /**
     * Asserts that every acknowledged event is on its topic, once, where its {@link EmitResult} said,
     * and each key's acknowledged events at rising offsets in emit order.
     */
    void assertAcknowledgedIntact() {
        assertThat(lost).as("acknowledged events missing from their topic").isEmpty();
        assertThat(duplicates).as("events on their topic more than once").isZero();
        assertThat(misplaced).as("acknowledged events not where their EmitResult said").isZero();
        assertThat(outOfOrderKeys).as("keys whose acknowledged events are out of emit order on their topic").isEmpty();
    }
}
