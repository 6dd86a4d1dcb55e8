package io.agentevents.local.registry;

import io.agentevents.schemas.registry.CompatibilityLevel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Optional;

/**
 * Confluent's record format of the {@code _schemas} topic, so the topic reads like Confluent's:
 * <pre>
 * key   {"keytype":"SCHEMA","subject":"x","version":1,"magic":1}
 * value {"subject":"x","version":1,"id":7,"schema":"...","deleted":false}
 * key   {"keytype":"CONFIG","subject":null,"magic":0}     (null subject = global)
 * value {"compatibilityLevel":"FULL"}                     (null value = deleted)
 * </pre>
 * Keys are written with a fixed field order, so the same logical key always has the same bytes
 * and compaction keeps only its latest value. Thread-safe.
 */
final class TopicRecordCodec {
    /** A record that is not in Confluent's format. */
    static final class MalformedRecordException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedRecordException(String message) {
            super(message);
        }
    }

    private final ObjectMapper mapper;

    TopicRecordCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    byte[] schemaKey(SubjectVersion key) {
        ObjectNode node = mapper.createObjectNode();
        node.put("keytype", "SCHEMA");
        node.put("subject", key.subject());
        node.put("version", key.version());
        node.put("magic", 1);
        return bytes(node);
    }

    byte[] schemaValue(StoredSchema schema) {
        ObjectNode node = mapper.createObjectNode();
        node.put("subject", schema.subject());
        node.put("version", schema.version());
        node.put("id", schema.id());
        node.put("schema", schema.schema());
        if (!schema.isAvro()) {
            node.put("schemaType", schema.schemaType());
        }
        node.put("deleted", schema.deleted());
        return bytes(node);
    }

    /** The key of a subject's compatibility level, or of the global one for an empty subject. */
    byte[] configKey(Optional<String> subject) {
        ObjectNode node = mapper.createObjectNode();
        node.put("keytype", "CONFIG");
        if (subject.isPresent()) {
            node.put("subject", subject.get());
        } else {
            node.putNull("subject");
        }
        node.put("magic", 0);
        return bytes(node);
    }

    byte[] configValue(CompatibilityLevel level) {
        ObjectNode node = mapper.createObjectNode();
        node.put("compatibilityLevel", level.name());
        return bytes(node);
    }

    /**
     * Decodes one record.
     *
     * @param value null for a tombstone
     * @throws MalformedRecordException naming what is wrong when the record is not Confluent's format
     */
    TopicEntry decode(byte[] key, byte[] value) throws MalformedRecordException {
        JsonNode keyNode = tree(key, "key");
        String keyType = keyNode.path("keytype").asText("");
        switch (keyType) {
            case "SCHEMA": {
                SubjectVersion subjectVersion = new SubjectVersion(requiredText(keyNode, "subject", "key"),
                        requiredInt(keyNode, "version", "key"));
                if (value == null) {
                    return new TopicEntry.SchemaEntry(subjectVersion, Optional.empty());
                }
                JsonNode valueNode = tree(value, "value");
                StoredSchema schema = new StoredSchema(requiredText(valueNode, "subject", "value"),
                        requiredInt(valueNode, "version", "value"), requiredInt(valueNode, "id", "value"),
                        requiredText(valueNode, "schema", "value"),
                        valueNode.path("schemaType").asText(AvroSchemas.AVRO),
                        valueNode.path("deleted").asBoolean(false));
                return new TopicEntry.SchemaEntry(subjectVersion, Optional.of(schema));
            }
            case "CONFIG": {
                JsonNode subjectNode = keyNode.path("subject");
                Optional<String> subject = subjectNode.isTextual() ? Optional.of(subjectNode.asText()) : Optional.empty();
                if (value == null) {
                    return new TopicEntry.ConfigEntry(subject, Optional.empty());
                }
                String level = requiredText(tree(value, "value"), "compatibilityLevel", "value");
                return new TopicEntry.ConfigEntry(subject, Optional.of(CompatibilityLevel.parse(level)
                        .orElseThrow(() -> new MalformedRecordException("unknown compatibilityLevel '" + level + "'"))));
            }
            case "DELETE_SUBJECT": {
                if (value == null) {
                    return new TopicEntry.Ignored(keyType);
                }
                JsonNode valueNode = tree(value, "value");
                return new TopicEntry.DeleteSubjectEntry(requiredText(valueNode, "subject", "value"),
                        requiredInt(valueNode, "version", "value"));
            }
            default:
                return new TopicEntry.Ignored(keyType);
        }
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return mapper.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a JSON tree: " + e.getMessage(), e);
        }
    }

    private JsonNode tree(byte[] bytes, String part) throws MalformedRecordException {
        if (bytes == null) {
            throw new MalformedRecordException("the " + part + " is null");
        }
        try {
            JsonNode node = mapper.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new MalformedRecordException("the " + part + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new MalformedRecordException("the " + part + " is not JSON: " + e.getMessage());
        }
    }

    private static String requiredText(JsonNode node, String field, String part) throws MalformedRecordException {
        JsonNode child = node.get(field);
        if (child == null || !child.isTextual()) {
            throw new MalformedRecordException("the " + part + " has no text field '" + field + "'");
        }
        return child.asText();
    }

    private static int requiredInt(JsonNode node, String field, String part) throws MalformedRecordException {
        JsonNode child = node.get(field);
        if (child == null || !child.canConvertToInt() || !child.isIntegralNumber()) {
            throw new MalformedRecordException("the " + part + " has no integer field '" + field + "'");
        }
        return child.asInt();
    }
}
