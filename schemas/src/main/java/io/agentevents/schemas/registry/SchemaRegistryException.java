package io.agentevents.schemas.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * A schema registry call failed. Thrown by every {@link SchemaRegistryClient}, HTTP or in-memory,
 * with the same codes.
 *
 * <p>{@link #kind()} says what went wrong and whether trying again can help ({@link #retriable()}):
 * <ul>
 *   <li>{@link Kind#UNREACHABLE}: no answer (connection refused, connect or request timeout, I/O
 *       error); {@code httpStatus() == 0}. Retriable.</li>
 *   <li>{@link Kind#UNAVAILABLE}: the registry answered but cannot serve now (HTTP 5xx, 408, 429).
 *       Retriable.</li>
 *   <li>{@link Kind#REJECTED}: the registry refused the request (other 4xx: not found, incompatible,
 *       invalid). Not retriable; {@link #errorCode()} says why.</li>
 *   <li>{@link Kind#BAD_RESPONSE}: a success answer that cannot be understood (not JSON, a missing
 *       field, a schema that does not parse or is not Avro). Not retriable.</li>
 *   <li>{@link Kind#INTERRUPTED}: the calling thread was interrupted while waiting; its interrupt
 *       flag is set again. Not retriable.</li>
 * </ul>
 * The message names the registry address, the request, the subject when there is one and the
 * server's own message, e.g. {@code schema registry http://127.0.0.1:8081: POST
 * /subjects/events.plan-value/versions (subject events.plan-value) failed with HTTP 409, error 40901:
 * Schema being registered is incompatible with an earlier schema}, or {@code schema registry
 * http://127.0.0.1:8081 unreachable: connection refused; request GET /schemas/ids/7}.
 *
 * <p>Immutable, so safe to share between threads.
 */
public class SchemaRegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Confluent error code: the subject does not exist. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Confluent error code: the subject has no such version. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Confluent error code: no such schema (by id, or under the subject for a lookup). */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /**
     * Confluent error code: the schema is incompatible with the subject's earlier versions (HTTP 409).
     * Confluent's current registry and the embedded one answer this; older Confluent registries
     * answered {@link #INCOMPATIBLE_SCHEMA_BEFORE_40901}: test {@link #incompatible()}, which knows both.
     */
    public static final int INCOMPATIBLE_SCHEMA = 40901;
    /** The error code older Confluent registries gave an incompatible schema: the HTTP status, 409. */
    public static final int INCOMPATIBLE_SCHEMA_BEFORE_40901 = 409;
    /** Confluent error code: the schema is not valid. */
    public static final int INVALID_SCHEMA = 42201;
    /** Confluent error code: the version is not valid (not a positive number nor {@code latest}). */
    public static final int INVALID_VERSION = 42202;
    /** Confluent error code: the compatibility level is not one of the seven. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    /** Confluent error code: the registry's backing store failed. */
    public static final int STORE_ERROR = 50001;

    /** What went wrong, and whether trying again can help. */
    public enum Kind {
        /** No answer from any address: connection refused, timeout, I/O error. */
        UNREACHABLE(true),
        /** The registry answered that it cannot serve now: HTTP 5xx, 408 or 429. */
        UNAVAILABLE(true),
        /** The registry refused the request: HTTP 4xx other than 408 and 429. */
        REJECTED(false),
        /** A success answer that cannot be understood. */
        BAD_RESPONSE(false),
        /** The calling thread was interrupted while waiting for the answer. */
        INTERRUPTED(false);

        private final boolean retriable;

        Kind(boolean retriable) {
            this.retriable = retriable;
        }

        /** Whether the same call may succeed if tried again later. */
        public boolean retriable() {
            return retriable;
        }

        /** The kind of an HTTP error status: UNAVAILABLE for 5xx, 408 and 429, REJECTED otherwise. */
        public static Kind ofStatus(int httpStatus) {
            return httpStatus >= 500 || httpStatus == 408 || httpStatus == 429 ? UNAVAILABLE : REJECTED;
        }
    }

    /** What went wrong. */
    private final Kind kind;
    /** The HTTP status answered, 0 when none. */
    private final int httpStatus;
    /** Confluent's error code, 0 when none. */
    private final int errorCode;
    /** The subject of the request, or null. */
    private final String subject;

    /**
     * @param kind       what went wrong
     * @param message    the full message (name the address, request, subject and server message)
     * @param httpStatus the HTTP status answered, 0 when there was no HTTP answer
     * @param errorCode  Confluent's {@code error_code} from the answer, 0 when there was none
     * @param subject    the subject of the request, or null
     * @param cause      the underlying failure, or null
     */
    public SchemaRegistryException(Kind kind, String message, int httpStatus, int errorCode,
                                   String subject, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.subject = subject;
    }

    /**
     * An HTTP error answer with Confluent's status and code, worded alike by every client:
     * {@code schema registry <registry>: <request> (subject <s>) failed with HTTP <status>, error
     * <code>: <server message>}. The kind follows the status ({@link Kind#ofStatus(int)}).
     *
     * @param registry      the registry address or name, e.g. {@code http://127.0.0.1:8081}
     * @param request       the request, e.g. {@code GET /schemas/ids/7}
     * @param subject       the subject, or null
     * @param errorCode     Confluent's {@code error_code}, or 0 when the answer had none
     * @param serverMessage the registry's own explanation
     */
    public static SchemaRegistryException httpError(String registry, String request, String subject,
                                                    int httpStatus, int errorCode, String serverMessage) {
        String message = "schema registry " + registry + ": " + request
                + (subject == null ? "" : " (subject " + subject + ")")
                + " failed with HTTP " + httpStatus + (errorCode == 0 ? "" : ", error " + errorCode)
                + ": " + serverMessage;
        return new SchemaRegistryException(Kind.ofStatus(httpStatus), message, httpStatus, errorCode, subject, null);
    }

    /** What went wrong. */
    public Kind kind() {
        return kind;
    }

    /** The HTTP status the registry answered, or 0 when there was no HTTP answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's {@code error_code} (e.g. {@link #SUBJECT_NOT_FOUND}), or 0 when there was none. */
    public int errorCode() {
        return errorCode;
    }

    /** The subject of the failed request, if it had one. */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    /** Whether the same call may succeed if tried again later (connection failure, timeout, 5xx). */
    public boolean retriable() {
        return kind.retriable();
    }

    /**
     * Whether the registry refused the schema as incompatible with the subject's earlier versions:
     * HTTP 409 with error code {@link #INCOMPATIBLE_SCHEMA} (40901, Confluent's current code) or
     * {@link #INCOMPATIBLE_SCHEMA_BEFORE_40901} (409, older registries).
     */
    public boolean incompatible() {
        return httpStatus == 409 && (errorCode == INCOMPATIBLE_SCHEMA || errorCode == INCOMPATIBLE_SCHEMA_BEFORE_40901);
    }

    /** Whether the registry said the subject, version or schema does not exist (HTTP 404). */
    public boolean notFound() {
        return httpStatus == 404;
    }
}
