package io.agentevents.cli;

import io.agentevents.consumer.deadletter.DeadLetter;
import io.agentevents.consumer.deadletter.DeadLetterStats;
import io.agentevents.consumer.deadletter.RecordPosition;
import io.agentevents.consumer.deadletter.ReplayResult;
import io.agentevents.schemas.json.EventJson;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes {@code eventbus dlq} prints: snake_case names, positions as {topic, partition, offset}. */
final class DeadLetterJson {
    private DeadLetterJson() {
    }

    /** One line of {@code dlq list}: where, why, from where, which event. */
    static Map<String, Object> summary(DeadLetter letter) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dlq", position(letter.position()));
        json.put("reason", letter.reason());
        json.put("error_class", letter.errorClass());
        json.put("error_message", letter.errorMessage());
        json.put("source", letter.source().map(DeadLetterJson::position).orElse(null));
        json.put("attempts", letter.attempts());
        json.put("time", letter.time().toString());
        json.put("group", letter.group());
        json.put("key", letter.key().orElse(null));
        json.put("event_type", letter.eventType().orElse(null));
        json.put("event_id", letter.eventId().orElse(null));
        json.put("decodable", letter.decodable());
        return json;
    }

    /** {@code dlq show}: the summary, the headers, and the event (else the value in base64). */
    static Map<String, Object> full(DeadLetter letter) {
        Map<String, Object> json = summary(letter);
        List<Map<String, Object>> headers = new ArrayList<>();
        for (DeadLetter.Header header : letter.headers()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("key", header.key());
            one.put("value", header.value() == null ? null : header.text());
            headers.add(one);
        }
        json.put("headers", headers);
        if (letter.event().isPresent()) {
            json.put("event", EventJson.toMap(letter.event().get()));
        } else {
            json.put("value_base64", Base64.getEncoder().encodeToString(letter.value()));
        }
        return json;
    }

    static Map<String, Object> stats(DeadLetterStats stats) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("total", stats.total());
        json.put("by_reason", stats.byReason());
        json.put("by_error_class", stats.byErrorClass());
        json.put("by_event_type", stats.byEventType());
        json.put("by_domain", stats.byDomain());
        return json;
    }

    static Map<String, Object> replay(ReplayResult result) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (ReplayResult.Replayed replayed : result.replayed()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("dlq", position(replayed.deadLetter()));
            one.put("source", position(replayed.source()));
            one.put("landed", position(replayed.landed()));
            one.put("event_id", replayed.eventId().orElse(null));
            records.add(one);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("replayed", result.count());
        json.put("records", records);
        return json;
    }

    static Map<String, Object> position(RecordPosition position) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("topic", position.topic());
        json.put("partition", position.partition());
        json.put("offset", position.offset());
        return json;
    }
}
