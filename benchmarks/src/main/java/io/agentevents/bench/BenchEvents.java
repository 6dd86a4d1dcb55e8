package io.agentevents.bench;

import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.headers.CloudEventHeaders;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The events the benchmark emits, and the shape of their Kafka records. Every measurement of our
 * side uses these, and Kafka's tools get records of the same value size (and, where the tool
 * allows, the same key and header sizes), so both sides move the same bytes.
 *
 * <p>Throughput and latency events are {@code tool.invoked} of a plan, spread round-robin over
 * {@link #correlationIds()} correlation ids (the Kafka key), with a detail string of the chosen
 * size made of random capital letters (as Kafka's tools fill their payloads). The projection
 * backlog is a realistic mix: {@value #EVENTS_PER_PLAN} events per plan of plan, decision, tool and
 * budget types, {@value #PLANS_PER_ROOT} plans per root plan, each plan its own correlation id.
 * Immutable; thread-safe.
 */
final class BenchEvents {
    /** Distinct correlation ids (keys) the throughput events are spread over. */
    static final int CORRELATION_IDS = 1024;
    static final int EVENTS_PER_PLAN = 20;
    static final int PLANS_PER_ROOT = 100;
    static final int WIRE_HEADER_BYTES = 5;

    private static final int SIZE_SAMPLES = 64;
    private static final EventType[] BACKLOG_CYCLE = {
            EventType.PLAN_PHASE_CHANGED, EventType.DECISION_CREATED, EventType.DECISION_APPROVED,
            EventType.TOOL_INVOKED, EventType.BUDGET_CONSUMED, EventType.TOOL_SUCCEEDED};

    private final String run;
    private final int detailsBytes;
    private final List<String> correlationIds;
    private final List<String> payloads;

    BenchEvents(String run, int detailsBytes) {
        if (detailsBytes < 0 || detailsBytes > 256 * 1024) {
            throw new IllegalArgumentException("details size must be 0..262144 bytes, was " + detailsBytes);
        }
        this.run = run;
        this.detailsBytes = detailsBytes;
        // random capital letters, as ProducerPerformance and EndToEndLatency make their payloads, so that
        // compression (lz4 by default) gains as much on our records as on theirs; 1,024 of them, so a
        // batch holds no repeats for it to find
        SplittableRandom random = new SplittableRandom(0);
        List<String> ids = new ArrayList<>(CORRELATION_IDS);
        List<String> texts = new ArrayList<>(CORRELATION_IDS);
        for (int i = 0; i < CORRELATION_IDS; i++) {
            ids.add(DomainEvent.newId());
            char[] letters = new char[detailsBytes];
            for (int j = 0; j < letters.length; j++) {
                letters[j] = (char) ('A' + random.nextInt(26));
            }
            texts.add(new String(letters));
        }
        this.correlationIds = List.copyOf(ids);
        this.payloads = List.copyOf(texts);
    }

    int detailsBytes() {
        return detailsBytes;
    }

    List<String> correlationIds() {
        return correlationIds;
    }

    /** The {@code i}-th throughput event: {@code tool.invoked}, key = correlation id {@code i mod 1024}. */
    DomainEvent throughputEvent(long i) {
        return throughputEvent(i, CORRELATION_IDS);
    }

    /**
     * The {@code i}-th throughput event keyed over the first {@code keys} correlation ids only
     * (correlation id {@code i mod keys}), e.g. the stall check's 500.
     */
    DomainEvent throughputEvent(long i, int keys) {
        if (keys < 1 || keys > CORRELATION_IDS) {
            throw new IllegalArgumentException("keys must be 1.." + CORRELATION_IDS + ", was " + keys);
        }
        int key = (int) (i % keys);
        String plan = run + "-plan-" + key;
        return DomainEvent.builder(EventType.TOOL_INVOKED)
                .correlationId(correlationIds.get(key))
                .source("bench")
                .planId(plan)
                .rootPlanId(plan)
                .sessionId(run)
                .actorName("tool-runner-" + (key % 8))
                .detail("tool", "web_search")
                .detail("sequence", i)
                .detail("input", payloads.get(key))
                .build();
    }

    /** Plans in a backlog of {@code events} events. */
    static int plans(long events) {
        return (int) Math.max(1, (events + EVENTS_PER_PLAN - 1) / EVENTS_PER_PLAN);
    }

    /** Root plans in a backlog of {@code events} events. */
    static int roots(long events) {
        return (plans(events) + PLANS_PER_ROOT - 1) / PLANS_PER_ROOT;
    }

    static String rootPlanId(String prefix, int root) {
        return prefix + "-root-" + root;
    }

    /**
     * The {@code i}-th event of a backlog of {@code events}: plan {@code i mod plans}; a plan's first
     * event creates it, the second starts it, the rest cycle through phase, decision, tool and budget events.
     */
    DomainEvent backlogEvent(String prefix, long i, long events) {
        int plans = plans(events);
        int plan = (int) (i % plans);
        long step = i / plans;
        EventType type = step == 0 ? EventType.PLAN_CREATED : step == 1 ? EventType.PLAN_STARTED
                : BACKLOG_CYCLE[(int) ((step - 2) % BACKLOG_CYCLE.length)];
        String planId = prefix + "-plan-" + plan;
        DomainEvent.Builder builder = DomainEvent.builder(type)
                .correlationId(planId + "-c")
                .source("bench")
                .planId(planId)
                .rootPlanId(rootPlanId(prefix, plan / PLANS_PER_ROOT))
                .sessionId(run)
                .actorName("agent-" + (plan % 8));
        switch (type) {
            case PLAN_CREATED -> builder.detail("goal", "benchmark plan " + plan);
            case PLAN_PHASE_CHANGED -> builder.detail("from_phase", "planning").detail("to_phase", "executing");
            case DECISION_CREATED, DECISION_APPROVED -> builder.detail("decision_id", planId + "-d" + step);
            case TOOL_INVOKED, TOOL_SUCCEEDED -> builder.detail("tool", "web_search")
                    .detail("input", payloads.get((int) (i % CORRELATION_IDS)));
            case BUDGET_CONSUMED -> builder.detail("amount", 0.25);
            default -> {
            }
        }
        return builder.build();
    }

    /** The size of a throughput event's value on Kafka (wire header + Avro), averaged over a sample. */
    int valueBytes() {
        AvroEventCodec codec = new AvroEventCodec();
        long total = 0;
        for (int i = 0; i < SIZE_SAMPLES; i++) {
            total += WIRE_HEADER_BYTES + codec.encode(throughputEvent(i)).length;
        }
        return (int) Math.round(total / (double) SIZE_SAMPLES);
    }

    /** Key, header count and average header key and value sizes of a throughput event's record. */
    RecordShape recordShape() {
        DomainEvent event = throughputEvent(0);
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders.write(headers, event, null);
        int count = 0;
        long keyBytes = 0;
        long valueBytes = 0;
        for (Header header : headers) {
            count++;
            keyBytes += header.key().length();
            valueBytes += header.value() == null ? 0 : header.value().length;
        }
        return new RecordShape(event.correlationId().length(), valueBytes(), count,
                count == 0 ? 0 : (int) Math.round(keyBytes / (double) count),
                count == 0 ? 0 : (int) Math.round(valueBytes / (double) count));
    }

    /** The shape of one record on Kafka. */
    record RecordShape(int keyBytes, int valueBytes, int headers, int headerKeyBytes, int headerValueBytes) {
        Map<String, Object> toMap() {
            return Map.of("key_bytes", keyBytes, "value_bytes", valueBytes, "headers", headers,
                    "header_key_bytes_avg", headerKeyBytes, "header_value_bytes_avg", headerValueBytes);
        }
    }
}
