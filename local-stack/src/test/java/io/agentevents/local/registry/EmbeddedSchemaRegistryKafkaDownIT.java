package io.agentevents.local.registry;

import static io.agentevents.local.registry.RegistryHttp.field;
import static io.agentevents.local.registry.RegistryHttp.fieldWithDefault;
import static io.agentevents.local.registry.RegistryHttp.json;
import static io.agentevents.local.registry.RegistryHttp.record;
import static io.agentevents.local.registry.RegistryHttp.schemaBody;
import static org.assertj.core.api.Assertions.assertThat;

import io.agentevents.local.kafka.EmbeddedKafka;
import io.agentevents.local.kafka.EmbeddedKafkaConfig;
import io.agentevents.local.kafka.EmbeddedKafkaSecurity;
import io.agentevents.local.registry.RegistryHttp.Reply;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/** With Kafka gone, reads keep being answered from memory and writes fail within the Kafka timeout. */
@Order(1) // among the longest classes of this module: started first
// each test starts and stops a Kafka of its own and mostly waits out timeouts: they run side by side
@org.junit.jupiter.api.parallel.Execution(org.junit.jupiter.api.parallel.ExecutionMode.CONCURRENT)
class EmbeddedSchemaRegistryKafkaDownIT {
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration MARGIN = Duration.ofSeconds(3);
    private static final String V1 = record("R", field("a", "int"));
    private static final String V2 = record("R", field("a", "int"), fieldWithDefault("b", "int", "0"));

    private record Timed(Reply reply, Duration took) {
    }

    private static Timed timed(Supplier<Reply> call) {
        long start = System.nanoTime();
        Reply reply = call.get();
        return new Timed(reply, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void assertServedQuickly(Timed timed) {
        assertThat(timed.reply().status()).as(timed.reply().text()).isEqualTo(200);
        assertThat(timed.took()).isLessThan(KAFKA_TIMEOUT);
    }

    private static void assertStoreFailure(Timed timed, String bootstrap) {
        assertThat(timed.reply().status()).as(timed.reply().text()).isEqualTo(500);
        assertThat(timed.reply().errorCode()).isIn(50001, 50002);
        assertThat(timed.reply().message()).contains(bootstrap);
        assertThat(timed.took()).isLessThan(KAFKA_TIMEOUT.plus(MARGIN));
    }

    @Test
    void readsAreServedAndWritesFailWithinTheTimeoutWhileKafkaIsDown() {
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.singleNode());
        String bootstrap = kafka.bootstrapServers();
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(
                SchemaRegistryServerConfig.of(bootstrap).withKafkaTimeout(KAFKA_TIMEOUT));
        try {
            RegistryHttp http = new RegistryHttp(registry.url());
            assertThat(http.register("orders-value", V1).json().get("id").asInt()).isEqualTo(1);
            assertThat(http.put("/config/orders-value", json("compatibility", "FULL")).status()).isEqualTo(200);

            kafka.close();

            assertServedQuickly(timed(() -> http.get("/schemas/ids/1")));
            assertServedQuickly(timed(() -> http.get("/subjects")));
            assertServedQuickly(timed(() -> http.get("/subjects/orders-value/versions")));
            assertServedQuickly(timed(() -> http.get("/subjects/orders-value/versions/latest")));
            assertServedQuickly(timed(() -> http.post("/subjects/orders-value", schemaBody(V1))));
            assertServedQuickly(timed(() -> http.get("/config/orders-value")));
            assertServedQuickly(timed(() -> http.get("/config")));
            assertServedQuickly(timed(() -> http.post("/compatibility/subjects/orders-value/versions/latest",
                    schemaBody(V2))));
            Timed known = timed(() -> http.register("orders-value", V1));
            assertServedQuickly(known);
            assertThat(known.reply().json().get("id").asInt()).as("already registered: answered from memory").isEqualTo(1);

            assertStoreFailure(timed(() -> http.register("orders-value", V2)), bootstrap);
            assertStoreFailure(timed(() -> http.register("other-value", V1)), bootstrap);
            assertStoreFailure(timed(() -> http.put("/config", json("compatibility", "NONE"))), bootstrap);
            assertStoreFailure(timed(() -> http.delete("/subjects/orders-value")), bootstrap);
            // an unknown id cannot be confirmed unknown without Kafka: a retriable 50002, not a 404
            Timed unknown = timed(() -> http.get("/schemas/ids/42"));
            assertStoreFailure(unknown, bootstrap);
            assertThat(unknown.reply().errorCode()).isEqualTo(50002);

            // bad input is still a client error
            assertThat(http.register("orders-value", "nope").status()).isEqualTo(422);
            assertThat(http.get("/subjects/orders-value/versions").text()).isEqualTo("[1]");
        } finally {
            long start = System.nanoTime();
            registry.close();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            kafka.close();
        }
    }

    /**
     * A login only Kafka can confirm cannot be confirmed while Kafka is down: a retriable 50002
     * naming Kafka, within the login check's bound, not a 401 (and not remembered as a refusal);
     * logins checked before keep working from the cache, configured users without Kafka.
     */
    @Test
    void aKafkaLoginThatCannotBeCheckedIsARetriableTimeoutNotA401() {
        EmbeddedKafkaSecurity security = EmbeddedKafkaSecurity.saslPlaintext("platform", "platform-pw")
                .withUser("planner", "planner-pw");
        EmbeddedKafka kafka = EmbeddedKafka.start(EmbeddedKafkaConfig.singleNode().withSecurity(security));
        String bootstrap = kafka.bootstrapServers();
        EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(SchemaRegistryServerConfig.of(bootstrap)
                .withKafkaTimeout(KAFKA_TIMEOUT)
                .withKafkaClientOverrides(kafka.adminClientSecurity())
                .withBasicAuthUsers(Map.of("platform", "platform-pw"))
                .withKafkaLogins(true));
        try {
            RegistryHttp http = new RegistryHttp(registry.url(), "platform:platform-pw");
            assertThat(http.as("planner:planner-pw").get("/subjects").status()).as("a Kafka user").isEqualTo(200);
            assertThat(http.as("planner:wrong").get("/subjects").status()).isEqualTo(401);

            kafka.close();

            assertServedQuickly(timed(() -> http.get("/subjects")));
            assertServedQuickly(timed(() -> http.as("planner:planner-pw").get("/subjects")));
            Timed unchecked = timed(() -> http.as("stranger:stranger-s3cret").get("/subjects"));
            assertThat(unchecked.reply().status()).as(unchecked.reply().text()).isEqualTo(500);
            assertThat(unchecked.reply().errorCode()).isEqualTo(50002);
            assertThat(unchecked.reply().message()).contains(bootstrap).contains("stranger")
                    .doesNotContain("stranger-s3cret");
            assertThat(unchecked.took()).isLessThan(KafkaLogins.CHECK_TIMEOUT.plus(MARGIN));
        } finally {
            registry.close();
            kafka.close();
        }
    }
}
