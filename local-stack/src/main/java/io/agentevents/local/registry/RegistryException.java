package io.agentevents.local.registry;

/**
 * A request the registry answers with an error: the HTTP status and Confluent's {@code error_code}
 * and message. The factories use Confluent's codes and, where Confluent has one, its wording, so
 * Confluent clients recognise them. Thrown and caught inside the server only.
 */
final class RegistryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final int SUBJECT_NOT_FOUND = 40401;
    static final int VERSION_NOT_FOUND = 40402;
    static final int SCHEMA_NOT_FOUND = 40403;
    static final int SUBJECT_SOFT_DELETED = 40404;
    static final int VERSION_SOFT_DELETED = 40406;
    static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** Confluent's current code for an incompatible schema (its registries before answered 409). */
    static final int INCOMPATIBLE_SCHEMA = 40901;
    static final int INVALID_SCHEMA = 42201;
    static final int INVALID_VERSION = 42202;
    static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    static final int OPERATION_NOT_PERMITTED = 42205;
    static final int INVALID_SUBJECT = 42208;
    static final int SCHEMA_TOO_LARGE = 42209;
    static final int STORE_ERROR = 50001;
    static final int OPERATION_TIMEOUT = 50002;

    private final int status;
    private final int errorCode;

    RegistryException(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    RegistryException(int status, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    int status() {
        return status;
    }

    int errorCode() {
        return errorCode;
    }

    /** Whether this says "not (yet) known here", which a catch-up with the log may change. */
    boolean isNotFound() {
        return status == 404;
    }

    // ---- 4xx without a Confluent-specific code: the HTTP status doubles as the code ----

    static RegistryException badRequest(String message) {
        return new RegistryException(400, 400, message);
    }

    /** Confluent's answer to missing or wrong credentials, word for word. */
    static RegistryException unauthorized() {
        return new RegistryException(401, 401, "Unauthorized");
    }

    static RegistryException notFound(String method, String path) {
        return new RegistryException(404, 404, "HTTP 404 Not Found: no endpoint " + method + " " + path);
    }

    static RegistryException methodNotAllowed(String method, String path) {
        return new RegistryException(405, 405, "HTTP 405 Method Not Allowed: " + method + " is not supported on " + path);
    }

    static RegistryException bodyTooLarge(long limit) {
        return new RegistryException(413, 413, "HTTP 413 Payload Too Large: the request body exceeds " + limit + " bytes");
    }

    static RegistryException unsupportedMediaType(String contentType) {
        return new RegistryException(415, 415, "HTTP 415 Unsupported Media Type: '" + contentType
                + "'; use application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, "
                + "application/json or application/octet-stream");
    }

    // ---- 404 ----

    static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    static RegistryException versionNotFound(int version) {
        return new RegistryException(404, VERSION_NOT_FOUND, "Version " + version + " not found.");
    }

    static RegistryException schemaNotFound() {
        return new RegistryException(404, SCHEMA_NOT_FOUND, "Schema not found");
    }

    static RegistryException schemaNotFound(String id) {
        return new RegistryException(404, SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }

    static RegistryException subjectSoftDeleted(String subject) {
        return new RegistryException(404, SUBJECT_SOFT_DELETED, "Subject '" + subject
                + "' was soft deleted. This registry does not delete permanently (permanent=true is not supported)");
    }

    static RegistryException versionSoftDeleted(String subject, int version) {
        return new RegistryException(404, VERSION_SOFT_DELETED, "Subject '" + subject + "' Version " + version
                + " was soft deleted. This registry does not delete permanently (permanent=true is not supported)");
    }

    static RegistryException subjectCompatibilityNotConfigured(String subject) {
        return new RegistryException(404, SUBJECT_COMPATIBILITY_NOT_CONFIGURED, "Subject '" + subject
                + "' does not have subject-level compatibility configured");
    }

    // ---- 409 ----

    static RegistryException incompatible(String subject, String details) {
        return new RegistryException(409, INCOMPATIBLE_SCHEMA, "Schema being registered is incompatible with an "
                + "earlier schema for subject \"" + subject + "\", details: " + details);
    }

    // ---- 422 ----

    static RegistryException invalidSchema(String message) {
        return new RegistryException(422, INVALID_SCHEMA, message);
    }

    static RegistryException invalidVersion(String version) {
        return new RegistryException(422, INVALID_VERSION, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryException invalidCompatibilityLevel(String given) {
        return new RegistryException(422, INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level"
                + (given == null ? "" : " '" + given + "'") + ". Valid values are none, backward, forward, full, "
                + "backward_transitive, forward_transitive, and full_transitive");
    }

    static RegistryException operationNotPermitted(String message) {
        return new RegistryException(422, OPERATION_NOT_PERMITTED, message);
    }

    static RegistryException invalidSubject(String subject) {
        return new RegistryException(422, INVALID_SUBJECT, "The specified subject '" + subject
                + "' is not valid: a subject must be non-empty and free of control characters");
    }

    static RegistryException schemaTooLarge(String message) {
        return new RegistryException(422, SCHEMA_TOO_LARGE, message);
    }

    // ---- 500 ----

    static RegistryException storeError(String message, Throwable cause) {
        return new RegistryException(500, STORE_ERROR, message, cause);
    }

    static RegistryException timeout(String message, Throwable cause) {
        return new RegistryException(500, OPERATION_TIMEOUT, message, cause);
    }
}
