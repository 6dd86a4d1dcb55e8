package io.agentevents.reliability;

import io.agentevents.producer.EmitResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a topic holds compared with what a {@link PacedLoad} emitted: acknowledged events missing
 * ({@code lost}), copies beyond the first ({@code duplicates}), acknowledged events not where their
 * {@link EmitResult} said ({@code misplaced}), failed emits that landed anyway, and keys whose
 * acknowledged events are not at rising offsets in emit order.
 */
record LogCheck(int found, long duplicates, List<String> lost, long misplaced, long failedButLanded,
                List<String> outOfOrderKeys, Map<String, List<TopicDump.Found>> foundById) {

    static LogCheck of(List<TopicDump.Found> log, PacedLoad load, Map<String, EmitResult> acknowledged) {
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
        long failedButLanded = load.all().stream().filter(emit -> emit.outcome().isCompletedExceptionally())
                .filter(emit -> byId.containsKey(emit.eventId())).count();
        List<String> outOfOrder = new ArrayList<>();
        load.all().stream().filter(emit -> acknowledged.containsKey(emit.eventId()))
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
}
