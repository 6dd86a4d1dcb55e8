package io.agentevents.local.registry;

import static io.agentevents.local.registry.RegistryHttp.field;
import static io.agentevents.local.registry.RegistryHttp.fieldWithDefault;
import static io.agentevents.local.registry.RegistryHttp.json;
import static io.agentevents.local.registry.RegistryHttp.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.agentevents.local.LocalPlatformException;
import io.agentevents.local.internal.FreePorts;
import io.agentevents.local.registry.RegistryHttp.Reply;

import com.fasterxml.jackson.databind.JsonNode;

import org.apache.avro.Schema;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** The topic is the state: restarts keep everything, instances on one topic agree, the format is Confluent's. */
class EmbeddedSchemaRegistryDurabilityIT extends RegistryTestSupport {

    private static String schema(int n) {
        return record("R", field("a", "int"), fieldWithDefault("f" + n, "int", "0"));
    }

    @Test
    void restartKeepsEveryIdVersionAndConfig() {
        String first = subject();
        String second = subject();
        http.put("/config", json("compatibility", "FULL"));
        http.put("/config/" + second, json("compatibility", "NONE"));
        List<Integer> ids = new ArrayList<>();
        for (int n = 1; n <= 3; n++) {
            ids.add(http.register(first, schema(n)).json().get("id").asInt());
        }
        ids.add(http.register(second, schema(2)).json().get("id").asInt());
        http.delete("/subjects/" + first + "/versions/1");
        Map<String, String> before = snapshot(http, first, second);

        registry.close();
        registry.close(); // idempotent
        EmbeddedSchemaRegistry restarted = startRegistry(config());
        RegistryHttp again = new RegistryHttp(restarted.url());

        assertThat(snapshot(again, first, second)).isEqualTo(before);
        assertThat(ids).containsExactly(1, 2, 3, 2);
        assertThat(again.get("/config").text()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(again.get("/config/" + second).text()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        // new ids continue after the highest one
        assertThat(again.register(second, schema(9)).json().get("id").asInt()).isEqualTo(4);
        assertThat(again.register(first, schema(3)).json().get("id").asInt()).isEqualTo(3);
    }

    private static Map<String, String> snapshot(RegistryHttp http, String... subjects) {
        Map<String, String> answers = new HashMap<>();
        List<String> paths = new ArrayList<>(List.of("/subjects", "/subjects?deleted=true", "/config"));
        for (String subject : subjects) {
            paths.add("/subjects/" + subject + "/versions");
            paths.add("/subjects/" + subject + "/versions?deleted=true");
            for (int version = 1; version <= 3; version++) {
                paths.add("/subjects/" + subject + "/versions/" + version + "?deleted=true");
            }
        }
        for (int id = 1; id <= 4; id++) {
            paths.add("/schemas/ids/" + id);
            paths.add("/schemas/ids/" + id + "/versions?deleted=true");
        }
        for (String path : paths) {
            Reply reply = http.get(path);
            answers.put(path, reply.status() + " " + reply.text());
        }
        return answers;
    }

    @Test
    void twoInstancesOnOneTopicAgreeImmediately() {
        RegistryHttp a = http;
        RegistryHttp b = new RegistryHttp(startRegistry(config()).url());
        String subject = subject();

        int id = a.register(subject, schema(1)).json().get("id").asInt();
        // read-miss catch-up: B has not been told, it finds it in the log
        assertThat(b.get("/schemas/ids/" + id).status()).isEqualTo(200);
        assertThat(b.get("/subjects/" + subject + "/versions/1").json().get("id").asInt()).isEqualTo(id);
        assertThat(b.post("/subjects/" + subject, RegistryHttp.schemaBody(schema(1))).status()).isEqualTo(200);

        // writes through B continue A's numbering, and A sees them
        Reply fromB = b.register(subject, schema(2));
        assertThat(fromB.json().get("id").asInt()).isEqualTo(id + 1);
        assertThat(a.get("/subjects/" + subject + "/versions/2").json().get("id").asInt()).isEqualTo(id + 1);
        // same schema through either instance: same id, no new version
        assertThat(a.register(subject, schema(2)).json().get("id").asInt()).isEqualTo(id + 1);
        assertThat(b.register(subject, schema(1)).json().get("id").asInt()).isEqualTo(id);
        assertThat(a.get("/subjects/" + subject + "/versions").text()).isEqualTo("[1,2]");

        // config written on A applies to B's next registration
        a.put("/config/" + subject, json("compatibility", "FULL"));
        assertThat(b.get("/config/" + subject).text()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(b.register(subject, record("R", field("a", "int"), field("x", "int"))).status()).isEqualTo(409);
    }

    @Test
    void concurrentWritesThroughTwoInstancesGetUniqueIds() throws Exception {
        List<RegistryHttp> instances = List.of(http, new RegistryHttp(startRegistry(config()).url()));
        int count = 24;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                int index = n;
                // each schema under its own subject and, for half of them, a second subject
                replies.add(pool.submit(() -> instances.get(index % 2).register("s" + index, schema(index / 2))));
            }
            Map<Integer, Integer> idBySchema = new HashMap<>();
            for (int n = 0; n < count; n++) {
                Reply reply = replies.get(n).get(60, TimeUnit.SECONDS);
                assertThat(reply.status()).as(reply.text()).isEqualTo(200);
                Integer previous = idBySchema.putIfAbsent(n / 2, reply.json().get("id").asInt());
                if (previous != null) {
                    assertThat(reply.json().get("id").asInt()).as("same schema, same id").isEqualTo(previous);
                }
            }
            assertThat(new HashSet<>(idBySchema.values())).as("distinct schemas, distinct ids").hasSize(count / 2);
            for (RegistryHttp instance : instances) {
                for (Map.Entry<Integer, Integer> entry : idBySchema.entrySet()) {
                    JsonNode byId = instance.get("/schemas/ids/" + entry.getValue()).json();
                    assertThat(byId.get("schema").asText()).contains("\"f" + entry.getKey() + "\"");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCrashMidBurstLosesNoReturnedIdAndTheOtherInstanceTakesOverWriting() throws Exception {
        RegistryHttp survivor = new RegistryHttp(startRegistry(config()).url());
        int count = 40;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Map<Integer, Integer> idBySchema = new HashMap<>();
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                int index = n;
                replies.add(pool.submit(() -> http.register("crash-" + index, schema(index))));
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> replies.stream().filter(Future::isDone).count() >= 5);
            registry.crash();
            for (int n = 0; n < count; n++) {
                try {
                    Reply reply = replies.get(n).get(60, TimeUnit.SECONDS);
                    if (reply.status() == 200) {
                        idBySchema.put(n, reply.json().get("id").asInt());
                    }
                } catch (java.util.concurrent.ExecutionException e) {
                    // the connection dropped by the crash: no id was returned
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(idBySchema).as("registrations answered before the crash").isNotEmpty().hasSizeLessThan(count);
        assertThatThrownBy(() -> http.get("/subjects")).as("the crashed instance answers nothing")
                .isInstanceOf(java.io.UncheckedIOException.class);
        // every id the crashed instance returned is there, and the survivor writes (fencing the abandoned transaction)
        for (Map.Entry<Integer, Integer> entry : idBySchema.entrySet()) {
            JsonNode byId = survivor.get("/schemas/ids/" + entry.getValue()).json();
            assertThat(byId.path("schema").asText()).as("id %d", entry.getValue()).contains("\"f" + entry.getKey() + "\"");
        }
        for (int n = 0; n < count; n++) {
            Reply reply = survivor.register("crash-" + n, schema(n));
            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            if (idBySchema.containsKey(n)) {
                assertThat(reply.json().get("id").asInt()).as("the id it was given before the crash").isEqualTo(idBySchema.get(n));
            }
        }
        registry.close(); // a no-op after the crash
    }

    @Test
    void theTopicIsCompactedAndHoldsConfluentRecords() throws Exception {
        String subject = subject();
        http.register(subject, schema(1));
        http.put("/config", json("compatibility", "FULL"));
        http.put("/config/" + subject, json("compatibility", "NONE"));
        http.delete("/config/" + subject);

        Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            TopicDescription description = client.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            assertThat(description.partitions()).hasSize(1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(client.describeConfigs(Set.of(resource)).all().get().get(resource)
                    .get("cleanup.policy").value()).isEqualTo("compact");
        }

        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= 4;
            });
        }
        assertThat(records).extracting(ConsumerRecord::key).containsExactly(
                "{\"keytype\":\"SCHEMA\",\"subject\":\"" + subject + "\",\"version\":1,\"magic\":1}",
                "{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}",
                "{\"keytype\":\"CONFIG\",\"subject\":\"" + subject + "\",\"magic\":0}",
                "{\"keytype\":\"CONFIG\",\"subject\":\"" + subject + "\",\"magic\":0}");
        JsonNode value = RegistryHttp.parse(records.get(0).value());
        assertThat(value.get("subject").asText()).isEqualTo(subject);
        assertThat(value.get("version").asInt()).isEqualTo(1);
        assertThat(value.get("id").asInt()).isEqualTo(1);
        assertThat(value.get("schema").asText()).isEqualTo(new Schema.Parser().parse(schema(1)).toString());
        assertThat(value.get("deleted").asBoolean()).isFalse();
        assertThat(records.get(1).value()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(records.get(2).value()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(records.get(3).value()).as("deleting a config is a tombstone").isNull();
    }

    @Test
    void aBusyPortOrAnUnreachableKafkaFailsStartWithAClearMessage() {
        int busy = registry.port();
        assertThatThrownBy(() -> startRegistry(config().withPort(busy)))
                .isInstanceOf(LocalPlatformException.class).hasMessageContaining(Integer.toString(busy));

        String nowhere = "127.0.0.1:" + FreePorts.find();
        long started = System.nanoTime();
        assertThatThrownBy(() -> startRegistry(SchemaRegistryServerConfig.of(nowhere).withTopic(topic)
                .withKafkaTimeout(Duration.ofSeconds(2))))
                .isInstanceOf(LocalPlatformException.class).hasMessageContaining(nowhere);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    }
}
