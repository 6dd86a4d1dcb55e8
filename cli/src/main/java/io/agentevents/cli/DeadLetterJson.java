package io.agentevents.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.agentevents.consumer.deadletter.DeadLetter;
import io.agentevents.consumer.deadletter.DeadLetterStats;
import io.agentevents.consumer.deadletter.ReplayResult;
import io.agentevents.schemas.json.EventJson;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes {@code eventbus dlq} prints: snake_case names, positions as {@link JsonPosition}. */
final class DeadLetterJson {
    private DeadLetterJson() {
    }

    /** One line of {@code dlq list}: where, why, from where, which event. */
    static Map<String, Object> summary(DeadLetter letter) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dlq", JsonPosition.of(letter.position()));
        json.put("reason", letter.reason());
        json.put("error_class", letter.errorClass());
        json.put("error_message", letter.errorMessage());
        json.put("source", letter.source().map(JsonPosition::of).orElse(null));
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
        json.put("headers", letter.headers().stream().map(Header::of).toList());
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

    /**
     * One header of a dead letter, as {@code dlq show} prints it.
     *
     * @param key   the header key
     * @param value the value as text, null when the header has none
     */
    record Header(String key, String value) {

        static Header of(DeadLetter.Header header) {
            return new Header(header.key(), header.value() == null ? null : header.text());
        }
    }

    /** {@code dlq replay}: how many were re-published, and each one's positions and event id. */
    static Replay replay(ReplayResult result) {
        return new Replay(result.count(), result.replayed().stream().map(Replayed::of).toList());
    }

    /**
     * What {@code dlq replay} prints.
     *
     * @param replayed how many dead letters were re-published
     * @param records  each one
     */
    record Replay(int replayed, List<Replayed> records) {
    }

    /**
     * One re-published dead letter, as {@code dlq replay} prints it.
     *
     * @param dlq     where the dead letter is
     * @param source  where the original record was read from
     * @param landed  where the copy landed
     * @param eventId the event id, null when unknown
     */
    record Replayed(JsonPosition dlq, JsonPosition source, JsonPosition landed, @JsonProperty("event_id") String eventId) {

        static Replayed of(ReplayResult.Replayed replayed) {
            return new Replayed(JsonPosition.of(replayed.deadLetter()), JsonPosition.of(replayed.source()),
                    JsonPosition.of(replayed.landed()), replayed.eventId().orElse(null));
        }
    }
}
