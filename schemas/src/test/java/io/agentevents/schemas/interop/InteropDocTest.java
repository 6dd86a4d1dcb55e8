package io.agentevents.schemas.interop;

import io.agentevents.schemas.Domain;
import io.agentevents.schemas.DomainEvent;
import io.agentevents.schemas.EventType;
import io.agentevents.schemas.codec.AvroEventCodec;
import io.agentevents.schemas.headers.CloudEventHeaders;
import io.agentevents.schemas.json.EventJson;
import io.agentevents.schemas.registry.CompatibilityLevel;
import io.agentevents.schemas.registry.InMemorySchemaRegistryClient;
import io.agentevents.schemas.serde.DomainEventDeserializer;
import io.agentevents.schemas.serde.SerdeConfig;
import io.agentevents.schemas.topics.SubjectProvisioner;
import io.agentevents.schemas.topics.TopicLayout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * Keeps {@code docs/interop.md} true. Its marked examples are the values a Python agent hands to
 * {@code AvroSerializer} (fastavro) and a Node agent hands to {@code registry.encode} (avsc); this
 * test turns each into Avro generic data by the rules those libraries apply (no Avro JSON decoding:
 * a plain value takes the first union branch it fits, for fastavro; the {@code DetailValue} union
 * is wrapped as {@code {"branch": value}}, for avsc), writes it in the Confluent wire format with an
 * id from a registry, and reads it back with the project's own {@link DomainEventDeserializer}. The
 * decoded event must be what the doc says a Java reader gets. The topic, header and dead-letter
 * tables of the doc are checked against {@link Domain}, {@link CloudEventHeaders} and the
 * consumer SDK's {@code DeadLetterHeaders}.
 */
class InteropDocTest {

    private static final Path DOC = Path.of("..", "docs", "interop.md");
    private static final Path AVSC = Path.of("src", "main", "avro", "DomainEvent.avsc");
    private static final Path DEAD_LETTER_HEADERS = Path.of("..", "consumer-sdk", "src", "main", "java",
            "io", "agentevents", "consumer", "DeadLetterHeaders.java");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String doc;
    private static Schema avscSchema;

    /** Which schema the non-Java producer writes with, and so which id is in the record. */
    enum WriterSchema {
        /** The .avsc file, auto-registered by the non-Java producer (local use). */
        AVSC_FILE,
        /** The schema the Java side registered, taken with use.latest.version / getLatestSchemaId (production). */
        REGISTERED_BY_JAVA
    }

    /** How a client library maps a plain value onto Avro. */
    enum Dialect {
        /** Python fastavro: a plain value takes the first union branch it is valid for. */
        FASTAVRO,
        /** Node avsc with its default wrapUnions "auto": ambiguous unions are written {"branch": value}. */
        AVSC
    }

    @BeforeAll
    static void load() throws IOException {
        assertThat(DOC).as("docs/interop.md, relative to the schemas module").exists();
        doc = Files.readString(DOC, StandardCharsets.UTF_8);
        avscSchema = new Schema.Parser().parse(AVSC.toFile());
    }

    // ---------------------------------------------------------------- the examples

    @ParameterizedTest
    @EnumSource(WriterSchema.class)
    void thePythonExampleIsReadByJavaAsTheDocSays(WriterSchema writer) {
        JsonNode example = block("event");
        DomainEvent event = writeAndRead(example, Dialect.FASTAVRO, writer);

        assertThat(event.type()).isEqualTo(EventType.valueOf(example.get("event_type").asText()));
        assertThat(event.eventId()).isEqualTo(example.get("event_id").asText());
        assertThat(event.correlationId()).isEqualTo(example.get("correlation_id").asText());
        assertThat(event.causationId()).isEqualTo(text(example, "causation_id"));
        assertThat(event.planId()).isEqualTo(text(example, "plan_id"));
        assertThat(event.rootPlanId()).isEqualTo(text(example, "root_plan_id"));
        assertThat(event.sessionId()).isEqualTo(text(example, "session_id"));
        assertThat(event.actorName()).isEqualTo(text(example, "actor_name"));
        assertThat(event.projectName()).isEqualTo(text(example, "project_name"));
        assertThat(event.source()).isEqualTo(example.get("source").asText());
        assertThat(event.timestamp()).isEqualTo(Instant.EPOCH.plus(example.get("timestamp").longValue(), ChronoUnit.MICROS));
        assertThat(EventJson.toMap(event)).as("the Java view of the event in docs/interop.md")
                .isEqualTo(javaView());
    }

    @ParameterizedTest
    @EnumSource(WriterSchema.class)
    void theNodeExampleIsTheSameEventForJava(WriterSchema writer) {
        DomainEvent fromNode = writeAndRead(block("node-event"), Dialect.AVSC, writer);
        DomainEvent fromPython = writeAndRead(block("event"), Dialect.FASTAVRO, writer);

        assertThat(fromNode).isEqualTo(fromPython);
        assertThat(EventJson.toMap(fromNode)).isEqualTo(javaView());
    }

    @Test
    void theJavaViewShowsBothALongAndAWholeNumberSentAsDouble() {
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) javaView().get("details");
        assertThat(details.values()).as("the example must show a whole number that arrives as Long")
                .anyMatch(Long.class::isInstance);
        assertThat(details.values()).as("the example must show a whole number forced to Double")
                .anyMatch(value -> value instanceof Double number && number == Math.rint(number));
        assertThat(doc).contains("float(n)").contains("(\"double\", 10)").contains("new Double(");
    }

    /** The pipeline is strict enough that a wrong shape in the doc breaks the tests above. */
    @Test
    void wronglyShapedExamplesAreRefusedOrReadDifferently() {
        ObjectNode plainDetail = block("event").deepCopy();
        ((ObjectNode) plainDetail.get("details")).set("amount", DoubleNode.valueOf(2.5));
        assertThatThrownBy(() -> writeAndRead(plainDetail, Dialect.FASTAVRO, WriterSchema.AVSC_FILE))
                .isInstanceOf(NotAvroException.class).hasMessageContaining("details.amount");

        ObjectNode wireName = block("event").deepCopy();
        wireName.set("event_type", TextNode.valueOf("budget.consumed"));
        assertThatThrownBy(() -> writeAndRead(wireName, Dialect.FASTAVRO, WriterSchema.AVSC_FILE))
                .isInstanceOf(NotAvroException.class).hasMessageContaining("event_type");

        ObjectNode isoTime = block("event").deepCopy();
        isoTime.set("timestamp", TextNode.valueOf("2026-01-02T03:04:05.123456Z"));
        assertThatThrownBy(() -> writeAndRead(isoTime, Dialect.FASTAVRO, WriterSchema.AVSC_FILE))
                .isInstanceOf(NotAvroException.class).hasMessageContaining("timestamp");

        ObjectNode misnamed = block("event").deepCopy();
        ((ObjectNode) misnamed.get("details")).set("amount", JSON.createObjectNode().put("val", 2.5));
        assertThatThrownBy(() -> writeAndRead(misnamed, Dialect.FASTAVRO, WriterSchema.AVSC_FILE))
                .isInstanceOf(NotAvroException.class).hasMessageContaining("val");

        ObjectNode unwrappedForNode = block("node-event").deepCopy();
        ((ObjectNode) unwrappedForNode.get("details")).set("amount", JSON.createObjectNode().put("value", 2.5));
        assertThatThrownBy(() -> writeAndRead(unwrappedForNode, Dialect.AVSC, WriterSchema.AVSC_FILE))
                .isInstanceOf(NotAvroException.class).hasMessageContaining("details.amount");

        ObjectNode intInsteadOfFloat = block("event").deepCopy();
        for (Map.Entry<String, JsonNode> detail : fields(intInsteadOfFloat.get("details"))) {
            JsonNode value = detail.getValue().get("value");
            if (value.isFloatingPointNumber() && value.doubleValue() == Math.rint(value.doubleValue())) {
                ((ObjectNode) detail.getValue()).set("value", IntNode.valueOf(value.intValue()));
            }
        }
        assertThat(EventJson.toMap(writeAndRead(intInsteadOfFloat, Dialect.FASTAVRO, WriterSchema.AVSC_FILE)))
                .as("an int where the doc shows a float reads as Long, not Double").isNotEqualTo(javaView());
    }

    @Test
    void theRegisteredSchemaIsTheAvscFileSoEveryLanguageGetsJavasId() {
        String subject = Domain.BUDGET.topic() + "-value";
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        registry.setSubjectCompatibility(subject, CompatibilityLevel.FULL_TRANSITIVE);
        int javaId = SubjectProvisioner.register(registry, Domain.DEFAULT_TOPIC_PREFIX).get(0).id(); // as the platform does

        assertThat(SchemaNormalization.parsingFingerprint64(avscSchema))
                .as("same data on the wire").isEqualTo(SchemaNormalization.parsingFingerprint64(AvroEventCodec.SCHEMA));
        assertThat(AvroEventCodec.SCHEMA.toString()).as("the generated class's schema, never registered")
                .contains("\"avro.java.string\":\"String\"");
        assertThat(registry.lookup(subject, avscSchema).id())
                .as("docs/interop.md says a lookup of the .avsc text finds the platform's registration").isEqualTo(javaId);
        assertThat(registry.register(subject, avscSchema)).as("the same id").isEqualTo(javaId);
        assertThat(registry.versions(subject)).as("no second version").containsExactly(1);
        assertThat(doc).contains("avro.java.string").contains("the **same id** Java writes")
                .contains("\"use.latest.version\": True").contains("\"auto.register.schemas\": False")
                .contains("getLatestSchemaId(");
    }

    @Test
    void theWireNameRuleOfTheDocHoldsForEveryType() {
        for (EventType type : EventType.values()) {
            if (!type.isKnown()) {
                continue;
            }
            String symbol = type.name();
            assertThat(symbol.toLowerCase(Locale.ROOT).replaceFirst("_", ".")).isEqualTo(type.wireName());
            assertThat("events." + symbol.substring(0, symbol.indexOf('_')).toLowerCase(Locale.ROOT))
                    .isEqualTo(type.topic());
        }
    }

    // ---------------------------------------------------------------- headers

    @Test
    void theHeaderTableIsWhatCloudEventHeadersWrites() throws IllegalAccessException {
        Map<String, String> example = new LinkedHashMap<>();
        fields(block("headers")).forEach(entry -> example.put(entry.getKey(), entry.getValue().asText()));
        DomainEvent event = writeAndRead(block("event"), Dialect.FASTAVRO, WriterSchema.AVSC_FILE);
        assertThat(event.planId()).as("the example must show the optional ce_subject").isNotNull();
        assertThat(example).containsKey(CloudEventHeaders.TRACEPARENT);

        RecordHeaders written = new RecordHeaders();
        CloudEventHeaders.write(written, event, example.get(CloudEventHeaders.TRACEPARENT));
        Map<String, String> writtenMap = new LinkedHashMap<>();
        for (Header header : written) {
            writtenMap.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
        }

        assertThat(tableNames("interop-headers")).as("the header table of docs/interop.md")
                .containsExactlyElementsOf(writtenMap.keySet());
        assertThat(example).as("the example headers of docs/interop.md").isEqualTo(writtenMap);

        Set<String> constants = new LinkedHashSet<>();
        for (Field field : CloudEventHeaders.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.add((String) field.get(null));
            }
        }
        for (String constant : constants) {
            assertThat(writtenMap.containsKey(constant) || writtenMap.containsValue(constant))
                    .as("CloudEventHeaders constant '%s' is neither a header written nor a fixed value of one: "
                            + "document it in docs/interop.md", constant).isTrue();
        }
        assertThat(constants).containsAll(writtenMap.keySet());

        Set<String> pythonNames = matches(codeBlock("python", 0), "\\(\"((?:ce_[a-z]+)|content-type|traceparent)\"");
        assertThat(pythonNames).as("header names the Python producer example writes").isEqualTo(writtenMap.keySet());
        Set<String> nodeNames = matches(codeBlock("js", 0), "'?((?:ce_[a-z]+)|content-type)'?: ");
        assertThat(nodeNames).as("header names the Node example writes").isNotEmpty()
                .isSubsetOf(writtenMap.keySet());
    }

    @Test
    void theDeadLetterTableIsWhatTheConsumerSdkWrites() throws IOException {
        assertThat(DEAD_LETTER_HEADERS).as("consumer-sdk's DeadLetterHeaders source").exists();
        String source = Files.readString(DEAD_LETTER_HEADERS, StandardCharsets.UTF_8);
        Map<String, String> constants = new TreeMap<>();
        // a header name is a literal, or PREFIX (declared first) + a literal
        Matcher m = Pattern.compile("public static final String (\\w+) = (PREFIX \\+ )?\"([^\"]*)\";").matcher(source);
        while (m.find()) {
            constants.put(m.group(1), (m.group(2) == null ? "" : constants.get("PREFIX")) + m.group(3));
        }
        Set<String> names = new LinkedHashSet<>();
        constants.forEach((name, value) -> {
            if (!name.equals("PREFIX") && value.startsWith("eventbus.")) {
                names.add(value);
            }
        });
        assertThat(names).isNotEmpty();

        assertThat(new LinkedHashSet<>(tableNames("interop-dlq-headers"))).as("the dead-letter table of docs/interop.md")
                .isEqualTo(names);
        String reasonRow = tableRows("interop-dlq-headers").stream()
                .filter(row -> row.get(0).equals("eventbus.dlq.reason")).findFirst().orElseThrow().get(1);
        Set<String> reasons = new LinkedHashSet<>();
        constants.forEach((name, value) -> {
            if (name.startsWith("REASON_")) {
                reasons.add(value);
            }
        });
        assertThat(reasons).isNotEmpty();
        assertThat(new LinkedHashSet<>(List.of(reasonRow.split(",\\s*|\\s+or\\s+"))))
                .as("the reasons listed for eventbus.dlq.reason in docs/interop.md").isEqualTo(reasons);
    }

    // ---------------------------------------------------------------- topics and subjects

    @Test
    void theTopicTableNamesEveryDomainTopicSubjectAndDeadLetterTopic() {
        List<List<String>> expected = new ArrayList<>();
        for (Domain domain : Domain.values()) {
            String topic = domain.topic();
            String subject = SerdeConfig.defaults().subject(topic);
            assertThat(subject).isEqualTo(TopicLayout.production().valueSubject(domain));
            expected.add(List.of(domain.wireName(), topic, subject, domain.deadLetterTopic()));
        }
        assertThat(tableRows("interop-topics")).as("the topic table of docs/interop.md").isEqualTo(expected);

        Set<String> domains = new LinkedHashSet<>();
        for (Domain domain : Domain.values()) {
            domains.add(domain.wireName());
        }
        Matcher mention = Pattern.compile("\\bevents\\.([a-z_]+)").matcher(doc);
        while (mention.find()) {
            assertThat(domains).as("'%s' in docs/interop.md names a domain", mention.group()).contains(mention.group(1));
        }
    }

    // ---------------------------------------------------------------- the pipeline

    /** Writes the example as the client library would, in the Confluent wire format, and reads it with the Java serde. */
    private static DomainEvent writeAndRead(JsonNode example, Dialect dialect, WriterSchema writer) {
        Schema schema = writer == WriterSchema.AVSC_FILE ? avscSchema : AvroEventCodec.SCHEMA;
        Object record = new AvroFromJson(dialect).convert(example, schema, "");
        String symbol = example.get("event_type").asText();
        String topic = EventType.valueOf(symbol).domain().topic();

        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        String subject = topic + "-value";
        registry.setSubjectCompatibility(subject, CompatibilityLevel.FULL_TRANSITIVE);
        registry.register(subject, AvroEventCodec.CONTRACT_SCHEMA);  // as the platform's provisioning does
        int id = writer == WriterSchema.AVSC_FILE ? registry.register(subject, avscSchema) : registry.latest(subject).id();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        try {
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<Object>(schema).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DomainEventDeserializer(registry, SerdeConfig.defaults()).deserialize(topic, out.toByteArray());
    }

    /** The doc's Java view as Java values: whole JSON numbers as Long, others as Double. */
    private static Map<String, Object> javaView() {
        @SuppressWarnings("unchecked")
        Map<String, Object> view = (Map<String, Object>) plain(block("java-view"));
        return view;
    }

    private static Object plain(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(plain(item)));
            return items;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        fields(node).forEach(entry -> map.put(entry.getKey(), plain(entry.getValue())));
        return map;
    }

    private static String text(JsonNode example, String field) {
        JsonNode value = example.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    // ---------------------------------------------------------------- reading the doc

    /** The JSON of the fenced block after {@code <!-- interop-example: NAME -->}. */
    private static JsonNode block(String name) {
        String marker = "<!-- interop-example: " + name + " -->";
        int at = doc.indexOf(marker);
        if (at < 0 || doc.indexOf(marker, at + 1) >= 0) {
            fail("docs/interop.md must hold the marker '%s' exactly once", marker);
        }
        Matcher fence = Pattern.compile("\\A\\s*```json\\n(.*?)\\n```", Pattern.DOTALL)
                .matcher(doc.substring(at + marker.length()));
        if (!fence.find()) {
            fail("the marker '%s' in docs/interop.md must be followed by a ```json block", marker);
        }
        try {
            return JSON.readTree(fence.group(1));
        } catch (IOException e) {
            throw new AssertionError("the block after '" + marker + "' in docs/interop.md is not JSON: " + e.getMessage(), e);
        }
    }

    /** The {@code index}-th fenced code block of a language. */
    private static String codeBlock(String language, int index) {
        Matcher fence = Pattern.compile("```" + language + "\\n(.*?)\\n```", Pattern.DOTALL).matcher(doc);
        for (int i = 0; fence.find(); i++) {
            if (i == index) {
                return fence.group(1);
            }
        }
        throw new AssertionError("docs/interop.md has no ```" + language + " block number " + index);
    }

    /** The rows (cells without backticks) of the table after {@code <!-- NAME -->}, header and rule left out. */
    private static List<List<String>> tableRows(String name) {
        String marker = "<!-- " + name + " -->";
        int at = doc.indexOf(marker);
        assertThat(at).as("marker '%s' in docs/interop.md", marker).isNotNegative();
        List<List<String>> rows = new ArrayList<>();
        List<String> lines = doc.substring(at + marker.length()).strip().lines().toList();
        for (int i = 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = new ArrayList<>();
            String line = lines.get(i).strip();
            for (String cell : line.substring(1, line.length() - 1).split("\\|", -1)) {
                cells.add(cell.strip().replace("`", ""));
            }
            rows.add(cells);
        }
        assertThat(lines.get(1)).as("table after '%s'", marker).startsWith("|---");
        return rows;
    }

    private static List<String> tableNames(String name) {
        List<String> names = new ArrayList<>();
        for (List<String> row : tableRows(name)) {
            names.add(row.get(0));
        }
        return names;
    }

    private static Set<String> matches(String text, String regex) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return new ArrayList<>(node.properties());
    }

    // ---------------------------------------------------------------- JSON to Avro, as the libraries do

    /** A value the client library would refuse for the schema (or, for extra fields, silently drop). */
    static final class NotAvroException extends RuntimeException {
        NotAvroException(String path, String message) {
            super((path.isEmpty() ? "the event" : path) + ": " + message);
        }
    }

    /**
     * Builds Avro generic data from parsed JSON with the union rules of fastavro or avsc. Stricter
     * than both in one way: a record field the schema does not have is refused (the libraries drop
     * it silently, which in a doc example is always a mistake).
     */
    static final class AvroFromJson {
        private static final long JS_MAX_SAFE_INTEGER = (1L << 53) - 1;
        private final Dialect dialect;

        AvroFromJson(Dialect dialect) {
            this.dialect = dialect;
        }

        Object convert(JsonNode node, Schema schema, String path) {
            switch (schema.getType()) {
                case RECORD:
                    return record(node, schema, path);
                case ENUM:
                    if (node.isTextual() && schema.hasEnumSymbol(node.textValue())) {
                        return new GenericData.EnumSymbol(schema, node.textValue());
                    }
                    throw new NotAvroException(path, node + " is not a symbol of enum " + schema.getName()
                            + " (write the symbol, e.g. " + schema.getEnumSymbols().get(0) + ")");
                case STRING:
                    if (node.isTextual()) {
                        return node.textValue();
                    }
                    throw new NotAvroException(path, node + " is not a string");
                case LONG:
                    if (isLong(node)) {
                        return node.longValue();
                    }
                    throw new NotAvroException(path, node + " is not a long"
                            + (schema.getLogicalType() != null ? " (" + schema.getLogicalType().getName() + ": a whole number)" : ""));
                case INT:
                    if (isLong(node) && node.canConvertToInt()) {
                        return node.intValue();
                    }
                    throw new NotAvroException(path, node + " is not an int");
                case DOUBLE:
                case FLOAT:
                    if (node.isNumber()) {
                        return schema.getType() == Schema.Type.DOUBLE ? (Object) node.doubleValue() : (Object) node.floatValue();
                    }
                    throw new NotAvroException(path, node + " is not a number");
                case BOOLEAN:
                    if (node.isBoolean()) {
                        return node.booleanValue();
                    }
                    throw new NotAvroException(path, node + " is not a boolean");
                case NULL:
                    if (node.isNull()) {
                        return null;
                    }
                    throw new NotAvroException(path, node + " is not null");
                case ARRAY: {
                    if (!node.isArray()) {
                        throw new NotAvroException(path, node + " is not a list");
                    }
                    List<Object> items = new GenericData.Array<>(node.size(), schema);
                    for (int i = 0; i < node.size(); i++) {
                        items.add(convert(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                    }
                    return items;
                }
                case MAP: {
                    if (!node.isObject()) {
                        throw new NotAvroException(path, node + " is not a map");
                    }
                    Map<String, Object> map = new LinkedHashMap<>();
                    for (Map.Entry<String, JsonNode> entry : fields(node)) {
                        map.put(entry.getKey(), convert(entry.getValue(), schema.getValueType(), join(path, entry.getKey())));
                    }
                    return map;
                }
                case UNION:
                    return dialect == Dialect.FASTAVRO ? fastavroUnion(node, schema, path) : avscUnion(node, schema, path);
                default:
                    throw new NotAvroException(path, "type " + schema.getType() + " is not used by the event schema");
            }
        }

        private Object record(JsonNode node, Schema schema, String path) {
            if (!node.isObject()) {
                throw new NotAvroException(path, node + " is not a record " + schema.getName() + " (a dict / object)");
            }
            for (Map.Entry<String, JsonNode> entry : fields(node)) {
                if (schema.getField(entry.getKey()) == null) {
                    throw new NotAvroException(join(path, entry.getKey()), "record " + schema.getName()
                            + " has no field '" + entry.getKey() + "' (the library would drop it silently); its fields: "
                            + schema.getFields().stream().map(Schema.Field::name).toList());
                }
            }
            GenericData.Record record = new GenericData.Record(schema);
            for (Schema.Field field : schema.getFields()) {
                JsonNode value = node.get(field.name());
                String fieldPath = join(path, field.name());
                if (value != null) {
                    record.put(field.pos(), convert(value, field.schema(), fieldPath));
                } else if (field.hasDefaultValue()) {
                    record.put(field.pos(), GenericData.get().getDefaultValue(field));
                } else {
                    throw new NotAvroException(fieldPath, "required field missing (no default)");
                }
            }
            return record;
        }

        /** fastavro: the first branch the value is valid for. */
        private Object fastavroUnion(JsonNode node, Schema union, String path) {
            for (Schema branch : union.getTypes()) {
                if (fitsFastavro(node, branch)) {
                    return convert(node, branch, path);
                }
            }
            throw new NotAvroException(path, node + " fits no branch of " + union);
        }

        private boolean fitsFastavro(JsonNode node, Schema schema) {
            switch (schema.getType()) {
                case NULL:
                    return node.isNull();
                case BOOLEAN:
                    return node.isBoolean();
                case INT:
                    return isLong(node) && node.canConvertToInt();
                case LONG:
                    return isLong(node);
                case FLOAT:
                case DOUBLE:
                    return node.isNumber();
                case STRING:
                    return node.isTextual();
                case ENUM:
                    return node.isTextual() && schema.hasEnumSymbol(node.textValue());
                case ARRAY: {
                    if (!node.isArray()) {
                        return false;
                    }
                    for (JsonNode item : node) {
                        if (!fitsFastavro(item, schema.getElementType())) {
                            return false;
                        }
                    }
                    return true;
                }
                case MAP: {
                    if (!node.isObject()) {
                        return false;
                    }
                    for (Map.Entry<String, JsonNode> entry : fields(node)) {
                        if (!fitsFastavro(entry.getValue(), schema.getValueType())) {
                            return false;
                        }
                    }
                    return true;
                }
                case RECORD: {
                    if (!node.isObject()) {
                        return false;
                    }
                    for (Schema.Field field : schema.getFields()) {
                        JsonNode value = node.get(field.name());
                        if (value == null ? !field.hasDefaultValue() && !fitsFastavro(JsonNodeFactory.instance.nullNode(), field.schema())
                                : !fitsFastavro(value, field.schema())) {
                            return false;
                        }
                    }
                    return true;
                }
                case UNION:
                    return schema.getTypes().stream().anyMatch(branch -> fitsFastavro(node, branch));
                default:
                    return false;
            }
        }

        /** avsc (wrapUnions "auto"): an ambiguous union is written {"branch": value}, null as null; others plainly. */
        private Object avscUnion(JsonNode node, Schema union, String path) {
            if (node.isNull()) {
                for (Schema branch : union.getTypes()) {
                    if (branch.getType() == Schema.Type.NULL) {
                        return null;
                    }
                }
                throw new NotAvroException(path, "null is not allowed by " + union);
            }
            if (isAmbiguous(union)) {
                if (!node.isObject() || node.size() != 1) {
                    throw new NotAvroException(path, node + " must be wrapped as {\"<branch>\": value}: avsc wraps the union "
                            + union + " (two branches map to the same JavaScript type)");
                }
                String name = node.properties().iterator().next().getKey();
                for (Schema branch : union.getTypes()) {
                    if (branchName(branch).equals(name)) {
                        return convert(node.get(name), branch, join(path, name));
                    }
                }
                throw new NotAvroException(path, "'" + name + "' names no branch of " + union);
            }
            String bucket = valueBucket(node);
            for (Schema branch : union.getTypes()) {
                if (typeBucket(branch).equals(bucket)) {
                    return convert(node, branch, path);
                }
            }
            throw new NotAvroException(path, node + " fits no branch of " + union);
        }

        private static boolean isAmbiguous(Schema union) {
            Set<String> buckets = new LinkedHashSet<>();
            for (Schema branch : union.getTypes()) {
                if (!buckets.add(typeBucket(branch))) {
                    return true;
                }
            }
            return false;
        }

        private static String typeBucket(Schema schema) {
            return switch (schema.getType()) {
                case DOUBLE, FLOAT, INT, LONG -> "number";
                case BYTES, FIXED -> "buffer";
                case ENUM, STRING -> "string";
                case MAP, RECORD -> "object";
                default -> schema.getType().getName();
            };
        }

        private static String valueBucket(JsonNode node) {
            if (node.isBoolean()) {
                return "boolean";
            }
            if (node.isNumber()) {
                return "number";
            }
            if (node.isTextual()) {
                return "string";
            }
            return node.isArray() ? "array" : "object";
        }

        private static String branchName(Schema branch) {
            return switch (branch.getType()) {
                case RECORD, ENUM, FIXED -> branch.getFullName();
                default -> branch.getType().getName();
            };
        }

        /** A whole number: in Python an int; in JavaScript any number without a fraction within 2^53. */
        private boolean isLong(JsonNode node) {
            if (dialect == Dialect.FASTAVRO) {
                return node.isIntegralNumber() && node.canConvertToLong();
            }
            return node.isNumber() && node.doubleValue() == Math.rint(node.doubleValue())
                    && Math.abs(node.doubleValue()) <= JS_MAX_SAFE_INTEGER;
        }

        private static String join(String path, String name) {
            return path.isEmpty() ? name : path + "." + name;
        }
    }
}
