package io.agentevents.local.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/** The JSON bodies of the REST API, with Confluent's field names and order. */
final class ApiBodies {

    private ApiBodies() {
    }

    /** Every error: {@code {"error_code": 40401, "message": "..."}}. */
    @JsonPropertyOrder({"error_code", "message"})
    record ErrorBody(@JsonProperty("error_code") int errorCode, String message) {
    }

    /** The answer to a registration. */
    record RegisteredId(int id) {
    }

    /** A subject version. {@code schemaType} is left out for Avro, as Confluent does. */
    @JsonPropertyOrder({"subject", "version", "id", "schemaType", "schema"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SchemaVersion(String subject, int version, int id, String schemaType, String schema) {
        static SchemaVersion of(StoredSchema stored) {
            return new SchemaVersion(stored.subject(), stored.version(), stored.id(),
                    stored.isAvro() ? null : stored.schemaType(), stored.schema());
        }
    }

    /** A schema by id. */
    @JsonPropertyOrder({"schemaType", "schema"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SchemaById(String schemaType, String schema) {
        static SchemaById of(StoredSchema stored) {
            return new SchemaById(stored.isAvro() ? null : stored.schemaType(), stored.schema());
        }
    }

    /** A compatibility check; {@code messages} only when verbose. */
    @JsonPropertyOrder({"is_compatible", "messages"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CompatibilityResult(@JsonProperty("is_compatible") boolean isCompatible, List<String> messages) {
    }

    /** {@code GET /config} and {@code DELETE /config/{subject}}. */
    record CompatibilityLevelBody(String compatibilityLevel) {
    }

    /** {@code PUT /config}: echoes the request as Confluent does. */
    record CompatibilityUpdateBody(String compatibility) {
    }

    /** A pre-serialised JSON text sent as-is (the {@code .../schema} endpoints answer the raw schema). */
    record RawJson(String json) {
    }
}
