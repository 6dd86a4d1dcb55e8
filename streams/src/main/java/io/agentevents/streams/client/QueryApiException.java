package io.agentevents.streams.client;

/**
 * The query API did not give the answer asked for: it refused the query (a {@code 4xx} with its JSON
 * error), failed ({@code 5xx}), stayed not ready ({@code 503}) past the caller's deadline, or did not
 * answer at all ({@link #status()} 0, the cause says why).
 */
public final class QueryApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String body;

    QueryApiException(String message, int status, String error, String body, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.error = error;
        this.body = body;
    }

    /** The HTTP status of the answer, or 0 when there was none. */
    public int status() {
        return status;
    }

    /** The API's own error text ({@code "error"} of its JSON), or null. */
    public String error() {
        return error;
    }

    /** The body of the answer as it came, or null when there was none. */
    public String body() {
        return body;
    }

    /** A {@code 4xx}: the query itself was refused (bad parameter, unknown resource); asking again will not help. */
    public boolean isClientError() {
        return status >= 400 && status < 500;
    }

    /** The API was still not ready ({@code 503}) when the deadline passed. */
    public boolean isNotReady() {
        return status == 503;
    }
}
