package io.agentevents.local.registry;

import io.agentevents.schemas.registry.CompatibilityLevel;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.avro.Schema;

import java.util.Locale;

/**
 * Reads the JSON request bodies of the REST API into checked values. Every refusal is a 422 with
 * Confluent's code; a body that is not JSON at all never gets here (400, see {@link HttpFront}).
 */
final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * The schema of a register, lookup or compatibility request:
     * {@code {"schema": "<avro json>", "schemaType": "AVRO", "references": []}}.
     *
     * @param body the parsed body; null when there was none
     * @throws RegistryException 422/42201 when the schema is missing, not a string, not Avro, of
     *                           another type, or has references
     */
    static Schema schema(JsonNode body) {
        if (body == null || body.isMissingNode() || !body.isObject()) {
            throw RegistryException.invalidSchema("Invalid schema: the request body must be a JSON object "
                    + "with a \"schema\" field holding the Avro schema as a string");
        }
        JsonNode type = body.get("schemaType");
        if (type != null && !type.isNull()) {
            if (!type.isTextual() || !type.asText().trim().toUpperCase(Locale.ROOT).equals(AvroSchemas.AVRO)) {
                throw RegistryException.invalidSchema("Invalid schema type " + type
                        + ": this registry supports only AVRO");
            }
        }
        JsonNode references = body.get("references");
        if (references != null && !references.isNull()) {
            if (!references.isArray()) {
                throw RegistryException.invalidSchema("Invalid schema: \"references\" must be an array");
            }
            if (!references.isEmpty()) {
                throw RegistryException.invalidSchema("Invalid schema: schema references are not supported by "
                        + "this registry; inline the referenced types");
            }
        }
        JsonNode schema = body.get("schema");
        if (schema == null || schema.isNull()) {
            throw RegistryException.invalidSchema("Invalid schema: the request has no \"schema\" field");
        }
        if (!schema.isTextual()) {
            throw RegistryException.invalidSchema("Invalid schema: \"schema\" must be a string holding the "
                    + "Avro schema JSON, was " + schema.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        if (schema.asText().isBlank()) {
            throw RegistryException.invalidSchema("Invalid schema: the schema is empty");
        }
        return AvroSchemas.parse(schema.asText());
    }

    /**
     * The level of a {@code PUT /config} request: {@code {"compatibility": "FULL"}} (Confluent's
     * field; {@code compatibilityLevel} is accepted too).
     *
     * @throws RegistryException 422/42203 when missing or not one of the seven levels
     */
    static CompatibilityLevel compatibility(JsonNode body) {
        if (body == null || body.isMissingNode() || !body.isObject()) {
            throw RegistryException.invalidCompatibilityLevel(null);
        }
        JsonNode level = body.has("compatibility") ? body.get("compatibility") : body.get("compatibilityLevel");
        if (level == null || !level.isTextual()) {
            throw RegistryException.invalidCompatibilityLevel(level == null || level.isNull() ? null : level.toString());
        }
        return CompatibilityLevel.parse(level.asText())
                .orElseThrow(() -> RegistryException.invalidCompatibilityLevel(level.asText()));
    }
}
