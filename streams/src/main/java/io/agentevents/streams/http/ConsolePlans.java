package io.agentevents.streams.http;

import io.agentevents.streams.model.JsonSerdes;
import io.agentevents.streams.model.PlanState;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.streams.state.HostInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The console's list of root plans: every plan tree folded so far, one summary per root, gathered
 * from this instance's plan states and every other instance's, filtered, newest first, one page at a
 * time (so a thousand trees never reach the browser at once). Thread-safe: stateless.
 */
final class ConsolePlans {
    /** The most summaries one page holds. */
    static final int MAX_PAGE = 200;
    private static final int DEFAULT_PAGE = 50;
    private static final Duration GATHER_TIMEOUT = Duration.ofSeconds(10);
    private static final TypeReference<List<PlanState>> PLAN_STATES = new TypeReference<>() { };
    private static final Comparator<Map<String, Object>> NEWEST_FIRST = Comparator
            .comparing((Map<String, Object> summary) -> (Instant) summary.get("sortTime"), Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(summary -> (String) summary.get("planId"));

    private final ProjectionReads reads;
    private final OwnerForwarder owners;
    private final ObjectMapper json = JsonSerdes.objectMapper();

    ConsolePlans(ProjectionReads reads, OwnerForwarder owners) {
        this.reads = reads;
        this.owners = owners;
    }

    /** This instance's own plan states, for another instance gathering them. */
    ApiResponse local() {
        return ApiResponse.ok(Map.of("plans", reads.allPlans(), "servedBy", owners.self()));
    }

    /**
     * One page of root-plan summaries: {@code status} (exact) and {@code q} (text in the id, phase,
     * status or last event type) filter; {@code offset} and {@code limit} (1..{@value #MAX_PAGE}) page.
     */
    CompletableFuture<ApiResponse> roots(QueryParameters parameters) {
        String status = parameters.query().getOrDefault("status", "").trim().toLowerCase(Locale.ROOT);
        String text = parameters.query().getOrDefault("q", "").trim().toLowerCase(Locale.ROOT);
        int offset = parameters.integer("offset", 0, 0, Integer.MAX_VALUE);
        int limit = parameters.integer("limit", DEFAULT_PAGE, 1, MAX_PAGE);
        List<PlanState> states = new ArrayList<>(reads.allPlans());
        List<CompletableFuture<ApiResponse>> remote = new ArrayList<>();
        for (HostInfo other : owners.others()) {
            remote.add(owners.forward(other, "/console/api/plan-states", parameters.forPath(List.of("console", "api", "plan-states")),
                    GATHER_TIMEOUT));
        }
        return CompletableFuture.allOf(remote.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            for (CompletableFuture<ApiResponse> answer : remote) {
                ApiResponse response = answer.join();
                if (response.status() != 200) {
                    return response;
                }
                states.addAll(json.convertValue(((JsonNode) response.body()).get("plans"), PLAN_STATES));
            }
            return ApiResponse.ok(page(summaries(states), status, text, offset, limit));
        });
    }

    private static Map<String, Object> page(List<Map<String, Object>> all, String status, String text, int offset, int limit) {
        Map<String, Long> byStatus = new TreeMap<>();
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Map<String, Object> summary : all) {
            byStatus.merge(String.valueOf(summary.get("status")), 1L, Long::sum);
            if ((status.isEmpty() || status.equals(summary.get("status"))) && (text.isEmpty() || matches(summary, text))) {
                matching.add(summary);
            }
        }
        matching.sort(NEWEST_FIRST);
        List<Map<String, Object>> shown = new ArrayList<>();
        for (int i = offset; i < Math.min(matching.size(), offset + (long) limit); i++) {
            Map<String, Object> summary = new LinkedHashMap<>(matching.get(i));
            summary.remove("sortTime");
            shown.add(summary);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", all.size());
        body.put("matching", matching.size());
        body.put("offset", offset);
        body.put("limit", limit);
        body.put("byStatus", byStatus);
        body.put("roots", shown);
        return body;
    }

    private static boolean matches(Map<String, Object> summary, String text) {
        for (String field : List.of("planId", "phase", "status", "lastEventType")) {
            Object value = summary.get(field);
            if (value != null && value.toString().toLowerCase(Locale.ROOT).contains(text)) {
                return true;
            }
        }
        return false;
    }

    /** One summary per plan tree, from every plan state of every tree. */
    static List<Map<String, Object>> summaries(List<PlanState> states) {
        Map<String, List<PlanState>> trees = new HashMap<>();
        for (PlanState state : states) {
            trees.computeIfAbsent(state.rootPlanId() == null ? state.planId() : state.rootPlanId(), root -> new ArrayList<>())
                    .add(state);
        }
        List<Map<String, Object>> summaries = new ArrayList<>(trees.size());
        trees.forEach((root, tree) -> summaries.add(summary(root, tree)));
        return summaries;
    }

    private static Map<String, Object> summary(String rootPlanId, List<PlanState> tree) {
        Optional<PlanState> root = tree.stream().filter(state -> state.planId().equals(rootPlanId)).findFirst();
        long decisions = 0;
        long toolCalls = 0;
        long toolFailures = 0;
        long events = 0;
        double allocated = 0;
        double consumed = 0;
        Map<String, Long> subPlans = new TreeMap<>();
        PlanState.LastEvent last = null;
        for (PlanState state : tree) {
            decisions += state.decisionsByOutcome().values().stream().mapToLong(Long::longValue).sum();
            toolCalls += state.toolCalls();
            toolFailures += state.toolFailures();
            events += state.eventCount();
            allocated += state.budgetAllocated();
            consumed += state.budgetConsumed();
            if (!state.planId().equals(rootPlanId)) {
                subPlans.merge(state.status() == null ? "unknown" : state.status(), 1L, Long::sum);
            }
            if (state.lastEvent() != null && (last == null || state.lastEvent().timestamp().isAfter(last.timestamp()))) {
                last = state.lastEvent();
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("planId", rootPlanId);
        summary.put("status", root.map(PlanState::status).orElse("unknown"));
        summary.put("phase", root.map(PlanState::phase).orElse(null));
        summary.put("createdAt", root.map(PlanState::createdAt).orElse(null));
        summary.put("subPlans", tree.size() - (root.isPresent() ? 1 : 0));
        summary.put("subPlansByStatus", subPlans);
        summary.put("budgetAllocated", allocated);
        summary.put("budgetConsumed", consumed);
        summary.put("decisions", decisions);
        summary.put("toolCalls", toolCalls);
        summary.put("toolFailures", toolFailures);
        summary.put("events", events);
        summary.put("lastEventType", last == null ? null : last.eventType());
        summary.put("lastEventAt", last == null ? null : last.timestamp());
        Instant created = root.map(PlanState::createdAt).orElse(null);
        summary.put("sortTime", created != null ? created : last == null ? null : last.timestamp());
        return summary;
    }
}
