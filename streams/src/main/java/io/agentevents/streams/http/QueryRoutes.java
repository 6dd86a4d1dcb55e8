package io.agentevents.streams.http;

import io.agentevents.schemas.EventType;
import io.agentevents.streams.http.QueryParameters.ReadWait;
import io.agentevents.streams.http.ReadWaiter.Attempt;
import io.agentevents.streams.model.AuditTrail;
import io.agentevents.streams.model.PlanIndex;
import io.agentevents.streams.model.PlanState;
import io.agentevents.streams.topology.ProjectionStores;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Routes one GET of the query API: checks its parameters (400), finds the resource (404), answers
 * from this instance's stores or the key's owner, and, for a read-your-write request, tries again
 * (through the {@link ReadWaiter}, holding no thread) until its offset is folded in, while the
 * stores start or rebalance (503), or until the wait is over. Thread-safe.
 */
final class QueryRoutes {
    private static final Duration MAX_RATE_RANGE = Duration.ofDays(7);
    private static final Duration READ_RETRY = Duration.ofMillis(50);
    private static final Duration NOT_READY_RETRY = Duration.ofMillis(200);
    private static final Duration FORWARD_SLACK = Duration.ofSeconds(5);
    private static final String STARTING = "the projections are starting; retry shortly";

    private final ProjectionReads reads;
    private final OwnerForwarder owners;
    private final ReadWaiter waiter;
    private final HealthReport health;
    private final BooleanSupplier started;

    /**
     * @param started whether every store of this instance has been queryable once (Kafka Streams was
     *                RUNNING): until then reads answer 503, as {@code /health} does, instead of answering
     *                for the keys of the tasks that run first and 503 for the others
     */
    QueryRoutes(ProjectionReads reads, OwnerForwarder owners, ReadWaiter waiter, HealthReport health, BooleanSupplier started) {
        this.reads = reads;
        this.owners = owners;
        this.waiter = waiter;
        this.health = health;
        this.started = started;
    }

    /** The health answer of this instance. */
    interface HealthReport {
        ApiResponse now();
    }

    /** The answer to one GET, from its raw (still encoded) path and query, and its {@code Authorization} header. */
    CompletableFuture<ApiResponse> answer(String rawPath, String rawQuery, Optional<String> authorization) {
        QueryParameters parameters;
        Optional<ReadWait> wait;
        try {
            parameters = QueryParameters.parse(rawPath, rawQuery).withAuthorization(authorization);
            wait = parameters.readWait();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ApiResponse.error(400, e.getMessage()));
        }
        Duration timeout = wait.map(ReadWait::timeout).orElse(Duration.ZERO);
        return waiter.until(left -> attempt(rawPath, parameters, wait, left), timeout);
    }

    private CompletableFuture<Attempt> attempt(String rawPath, QueryParameters parameters, Optional<ReadWait> wait,
                                               Duration left) {
        List<String> segments = parameters.segments();
        try {
            if (segments.equals(List.of("health"))) {
                return done(health.now());
            }
            if (segments.size() == 2 && segments.get(0).equals("plans")) {
                String planId = QueryParameters.id("planId", segments.get(1));
                return keyed(ProjectionStores.PLAN_STATE, planId, "/plans/" + QueryParameters.encode(planId), parameters,
                        wait, left, () -> plan(planId, wait));
            }
            if (segments.equals(List.of("plans"))) {
                String root = QueryParameters.id("rootPlanId", parameters.required("rootPlanId"));
                Optional<HostInfo> owner = owners.owner(ProjectionStores.PLANS_BY_ROOT, root);
                return owner.isPresent() ? forward(owner.get(), "/plans", parameters, wait, left)
                        : plansOfRoot(root, wait, parameters);
            }
            if (segments.size() == 2 && segments.get(0).equals("audit")) {
                String correlationId = QueryParameters.id("correlationId", segments.get(1));
                return keyed(ProjectionStores.AUDIT_BY_CORRELATION, correlationId, "/audit/" + QueryParameters.encode(correlationId),
                        parameters, wait, left, () -> trail(ProjectionStores.AUDIT_BY_CORRELATION, "correlationId", correlationId,
                                wait, left));
            }
            if (segments.equals(List.of("audit"))) {
                String planId = QueryParameters.id("planId", parameters.required("planId"));
                return keyed(ProjectionStores.AUDIT_BY_PLAN, planId, "/audit", parameters, wait, left,
                        () -> trail(ProjectionStores.AUDIT_BY_PLAN, "planId", planId, wait, left));
            }
            if (segments.equals(List.of("rates"))) {
                return rates(parameters, left);
            }
            return done(ApiResponse.error(404, "no such resource " + rawPath
                    + "; try /plans/{planId}, /plans?rootPlanId=, /audit/{correlationId}, /audit?planId=, /rates?type=, /health, /metrics"));
        } catch (IllegalArgumentException e) {
            return done(ApiResponse.error(400, e.getMessage()));
        } catch (InvalidStateStoreException | OwnerForwarder.NotReady e) {
            return notReady(e instanceof OwnerForwarder.NotReady ? e.getMessage()
                    : "the projections are not queryable right now; retry shortly");
        }
    }

    /**
     * Answers from here when this instance owns {@code key}, else asks the owner (with the time
     * left to wait); a 503 from anywhere is tried again while the wait lasts.
     */
    private CompletableFuture<Attempt> keyed(String storeName, String key, String path, QueryParameters parameters,
                                             Optional<ReadWait> wait, Duration left, Supplier<Attempt> local)
            throws OwnerForwarder.NotReady {
        if (!started.getAsBoolean()) {
            return notReady(STARTING);
        }
        Optional<HostInfo> owner = owners.owner(storeName, key);
        if (owner.isEmpty()) {
            try {
                return CompletableFuture.completedFuture(local.get());
            } catch (InvalidStateStoreException e) {
                return notReady("the projections are not queryable right now; retry shortly");
            }
        }
        return forward(owner.get(), path, parameters, wait, left);
    }

    private CompletableFuture<Attempt> forward(HostInfo owner, String path, QueryParameters parameters,
                                               Optional<ReadWait> wait, Duration left) {
        QueryParameters forwarded = wait.isPresent() ? parameters.with("waitMs", Long.toString(left.toMillis())) : parameters;
        return owners.forward(owner, path, forwarded, left.plus(FORWARD_SLACK))
                .thenApply(response -> response.status() == 503 ? Attempt.again(response, NOT_READY_RETRY)
                        : Attempt.done(response));
    }

    private Attempt plan(String planId, Optional<ReadWait> wait) {
        Optional<PlanState> state = reads.plan(planId);
        if (state.isEmpty()) {
            ApiResponse missing = ApiResponse.error(404, "no plan '" + planId + "' (no event with this plan id has been folded in)");
            return wait.isPresent() ? Attempt.again(missing, READ_RETRY) : Attempt.done(missing);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan", state.get());
        body.put("offsets", state.get().inputOffsets());
        body.put("servedBy", owners.self());
        boolean caughtUp = wait.map(w -> w.satisfiedBy(state.get().inputOffsets())).orElse(true);
        wait.ifPresent(w -> body.put("caughtUp", caughtUp));
        return caughtUp ? Attempt.done(ApiResponse.ok(body)) : Attempt.again(ApiResponse.ok(body), READ_RETRY);
    }

    /**
     * Every plan of a root's tree. With a wait, the tree is caught up once one of its plans has
     * folded the awaited offset in (the event named a plan of the tree) and every plan a plan of the
     * tree names as its child is in it; until then it is read again.
     */
    private CompletableFuture<Attempt> plansOfRoot(String rootPlanId, Optional<ReadWait> wait, QueryParameters request) {
        if (!started.getAsBoolean()) {
            return notReady(STARTING);
        }
        PlanIndex index;
        try {
            index = reads.plansOfRoot(rootPlanId).orElse(null);
        } catch (InvalidStateStoreException e) {
            return notReady("the projections are not queryable right now; retry shortly");
        }
        if (index == null) {
            ApiResponse missing = ApiResponse.error(404, "no plans under root plan '" + rootPlanId + "'");
            return CompletableFuture.completedFuture(wait.isPresent() ? Attempt.again(missing, READ_RETRY) : Attempt.done(missing));
        }
        List<CompletableFuture<Attempt>> plans = new ArrayList<>();
        for (String planId : index.planIds()) {
            try {
                plans.add(keyed(ProjectionStores.PLAN_STATE, planId, "/plans/" + QueryParameters.encode(planId),
                        request.forPath(List.of("plans", planId)), Optional.empty(), Duration.ZERO,
                        () -> plan(planId, Optional.empty())));
            } catch (OwnerForwarder.NotReady e) {
                return notReady(e.getMessage());
            }
        }
        return CompletableFuture.allOf(plans.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<Object> states = new ArrayList<>();
            Set<String> present = new HashSet<>();
            Set<String> referenced = new HashSet<>();
            boolean caughtUp = wait.isEmpty();
            for (CompletableFuture<Attempt> plan : plans) {
                ApiResponse one = plan.join().response();
                if (one.status() == 200) {
                    if (one.body() instanceof Map<?, ?> map) {
                        PlanState state = (PlanState) map.get("plan");
                        states.add(state);
                        present.add(state.planId());
                        referenced.addAll(state.childPlanIds());
                        caughtUp = caughtUp || wait.get().satisfiedBy(state.inputOffsets());
                    } else {
                        JsonNode answer = (JsonNode) one.body();
                        states.add(answer.get("plan"));
                        present.add(answer.path("plan").path("planId").asText());
                        answer.path("plan").path("childPlanIds").forEach(child -> referenced.add(child.asText()));
                        caughtUp = caughtUp || wait.get().satisfiedBy(offsets(answer.get("offsets")));
                    }
                } else if (one.status() != 404) {
                    return Attempt.done(one);
                }
            }
            // an event may reach a parent before the child's own state and the tree's index: not caught up
            // while a plan the tree names as a child is not in it yet
            caughtUp = caughtUp && (wait.isEmpty() || present.containsAll(referenced));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("rootPlanId", rootPlanId);
            body.put("plans", states);
            if (wait.isPresent()) {
                body.put("caughtUp", caughtUp);
            }
            return caughtUp ? Attempt.done(ApiResponse.ok(body)) : Attempt.again(ApiResponse.ok(body), READ_RETRY);
        });
    }

    private static Map<String, Long> offsets(JsonNode offsets) {
        Map<String, Long> read = new LinkedHashMap<>();
        if (offsets != null) {
            offsets.fields().forEachRemaining(field -> read.put(field.getKey(), field.getValue().asLong()));
        }
        return read;
    }

    private Attempt trail(String storeName, String keyName, String key, Optional<ReadWait> wait, Duration left) {
        if (wait.isPresent() && !left.isZero()) {
            // poll the trail's head only; read the whole trail once the offset is in (or time is up)
            Optional<Map<String, Long>> offsets = reads.trailOffsets(storeName, key);
            if (offsets.map(o -> !wait.get().satisfiedBy(o)).orElse(true)) {
                return Attempt.again(ApiResponse.notReady("waiting for " + keyName + " '" + key + "'"), READ_RETRY);
            }
        }
        Optional<AuditTrail> read = reads.trail(storeName, key);
        if (read.isEmpty()) {
            return Attempt.done(ApiResponse.error(404, "no audit trail for " + keyName + " '" + key + "'"));
        }
        AuditTrail trail = read.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(keyName, key);
        body.put("entries", trail.entries());
        body.put("dropped", trail.dropped());
        body.put("offsets", trail.inputOffsets());
        body.put("servedBy", owners.self());
        wait.ifPresent(w -> body.put("caughtUp", w.satisfiedBy(trail.inputOffsets())));
        return Attempt.done(ApiResponse.ok(body));
    }

    private CompletableFuture<Attempt> rates(QueryParameters parameters, Duration left) throws OwnerForwarder.NotReady {
        EventType type = parameters.eventType("type");
        Instant to = parameters.instant("to").orElse(Instant.now());
        Instant from = parameters.instant("from").orElse(to.minus(Duration.ofHours(1)));
        if (from.isAfter(to)) {
            throw new IllegalArgumentException("from (" + from + ") is after to (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RATE_RANGE) > 0) {
            throw new IllegalArgumentException("from..to spans more than " + MAX_RATE_RANGE.toDays() + " days");
        }
        return keyed(ProjectionStores.EVENT_RATES, type.wireName(), "/rates", parameters, Optional.empty(), left, () -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("type", type.wireName());
            body.put("from", from.toString());
            body.put("to", to.toString());
            body.put("windows", reads.rates(type, from, to));
            return Attempt.done(ApiResponse.ok(body));
        });
    }

    private static CompletableFuture<Attempt> done(ApiResponse response) {
        return CompletableFuture.completedFuture(Attempt.done(response));
    }

    private static CompletableFuture<Attempt> notReady(String message) {
        return CompletableFuture.completedFuture(Attempt.again(ApiResponse.notReady(message), NOT_READY_RETRY));
    }
}
