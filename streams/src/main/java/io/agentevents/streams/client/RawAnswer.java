package io.agentevents.streams.client;

/**
 * An answer of the query API as it came: its status and its JSON body, unparsed (what
 * {@code eventbus plan} prints). Immutable.
 *
 * @param status     the HTTP status
 * @param body       the body, as the API wrote it
 * @param retryAfter the {@code Retry-After} header, or null
 */
public record RawAnswer(int status, String body, String retryAfter) {

    /** Whether the API answered 200. */
    public boolean ok() {
        return status == 200;
    }
}
