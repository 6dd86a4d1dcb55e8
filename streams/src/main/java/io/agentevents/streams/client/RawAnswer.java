package io.agentevents.streams.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An answer of the query API as it came: its status and its JSON body, unparsed (what
 * {@code eventbus plan} prints). Immutable.
 *
 * @param status     the HTTP status
 * @param body       the body, as the API wrote it
 * @param retryAfter the {@code Retry-After} header, or null
 */
public record RawAnswer(int status, String body, String retryAfter) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Whether the API answered 200. */
    public boolean ok() {
        return status == 200;
    }

    /** Whether the body says a read-your-write request caught up ({@code "caughtUp": true}); false for any other body. */
    public boolean caughtUp() {
        try {
            return JSON.readTree(body).path("caughtUp").asBoolean(false);
        } catch (JsonProcessingException notJson) {
            return false;
        }
    }
}
