package io.agentevents.local.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.agentevents.schemas.registry.CompatibilityLevel;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

class TopicRecordCodecTest {
    private final TopicRecordCodec codec = new TopicRecordCodec(new ObjectMapper());

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void writesConfluentsRecordFormat() {
        StoredSchema schema = new StoredSchema("x", 1, 7, "\"string\"", "AVRO", false);
        assertThat(text(codec.schemaKey(new SubjectVersion("x", 1))))
                .isEqualTo("{\"keytype\":\"SCHEMA\",\"subject\":\"x\",\"version\":1,\"magic\":1}");
        assertThat(text(codec.schemaValue(schema)))
                .isEqualTo("{\"subject\":\"x\",\"version\":1,\"id\":7,\"schema\":\"\\\"string\\\"\",\"deleted\":false}");
        assertThat(text(codec.configKey(Optional.empty())))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}");
        assertThat(text(codec.configKey(Optional.of("x"))))
                .isEqualTo("{\"keytype\":\"CONFIG\",\"subject\":\"x\",\"magic\":0}");
        assertThat(text(codec.configValue(CompatibilityLevel.FULL))).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
    }

    @Test
    void readsBackWhatItWrites() throws Exception {
        StoredSchema schema = new StoredSchema("a/b c", 3, 9, "{\"type\":\"int\"}", "AVRO", true);
        SubjectVersion key = new SubjectVersion("a/b c", 3);
        assertThat(codec.decode(codec.schemaKey(key), codec.schemaValue(schema)))
                .isEqualTo(new TopicEntry.SchemaEntry(key, Optional.of(schema)));
        assertThat(codec.decode(codec.schemaKey(key), null))
                .isEqualTo(new TopicEntry.SchemaEntry(key, Optional.empty()));
        assertThat(codec.decode(codec.configKey(Optional.empty()), codec.configValue(CompatibilityLevel.NONE)))
                .isEqualTo(new TopicEntry.ConfigEntry(Optional.empty(), Optional.of(CompatibilityLevel.NONE)));
        assertThat(codec.decode(codec.configKey(Optional.of("s")), null))
                .isEqualTo(new TopicEntry.ConfigEntry(Optional.of("s"), Optional.empty()));
    }

    @Test
    void readsConfluentsOtherRecords() throws Exception {
        assertThat(codec.decode(bytes("{\"keytype\":\"NOOP\",\"magic\":0}"), null))
                .isEqualTo(new TopicEntry.Ignored("NOOP"));
        assertThat(codec.decode(bytes("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"s\",\"magic\":0}"),
                bytes("{\"subject\":\"s\",\"version\":4}")))
                .isEqualTo(new TopicEntry.DeleteSubjectEntry("s", 4));
        assertThat(codec.decode(bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"s\",\"version\":1,\"magic\":1}"),
                bytes("{\"subject\":\"s\",\"version\":1,\"id\":2,\"schemaType\":\"PROTOBUF\",\"schema\":\"x\","
                        + "\"references\":[],\"deleted\":false}")))
                .isEqualTo(new TopicEntry.SchemaEntry(new SubjectVersion("s", 1),
                        Optional.of(new StoredSchema("s", 1, 2, "x", "PROTOBUF", false))));
    }

    @Test
    void refusesRecordsThatAreNotConfluents() {
        assertThatThrownBy(() -> codec.decode(bytes("not json"), null))
                .isInstanceOf(TopicRecordCodec.MalformedRecordException.class).hasMessageContaining("key");
        assertThatThrownBy(() -> codec.decode(bytes("{\"keytype\":\"SCHEMA\",\"subject\":\"s\"}"), bytes("{}")))
                .hasMessageContaining("version");
        assertThatThrownBy(() -> codec.decode(bytes("{\"keytype\":\"CONFIG\",\"subject\":null}"),
                bytes("{\"compatibilityLevel\":\"SOMETIMES\"}")))
                .hasMessageContaining("SOMETIMES");
    }
}
