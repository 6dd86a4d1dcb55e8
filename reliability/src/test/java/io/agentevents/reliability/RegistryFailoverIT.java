package io.agentevents.reliability;

import io.agentevents.local.registry.EmbeddedSchemaRegistry;
import io.agentevents.local.registry.SchemaRegistryServerConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scenario 7, the schema registry failing over: two embedded registry instances on one schemas
 * topic of their own (the supported way to run two: writes are serialised across them by one Kafka
 * transactional id). A burst of registrations from several threads goes to both, each thread
 * writing through its own instance first; once a third of the burst is registered, the first
 * instance crashes ({@link EmbeddedSchemaRegistry#crash()}: its write in progress abandoned, its
 * transaction left open, its connections dropped). A registration that fails on it is sent again
 * to the survivor, as a client with both URLs would.
 *
 * <p>Asserted: every id returned (by either instance) resolves, with {@code GET /schemas/ids/{id}},
 * to the schema it was returned for, on the survivor and on a new instance started on the topic
 * afterwards (the crashed one's replacement); no id stands for two different schemas and no schema
 * got two ids; every subject has the version it was registered with; the survivor took writes after
 * the crash. Some schemas are registered under two subjects, from two threads, so concurrent
 * writers of one schema must agree on its id.
 */
@Order(7)
@ExtendWith(ReliabilityClusterExtension.class)
class RegistryFailoverIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int THREADS = 6;

    /** One registration that got an id: under which subject, which schema, through which instance. */
    private record Registered(String subject, String schema, int id, String via) {
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void everyReturnedIdResolvesOnBothAndIsNeverReused(ReliabilityCluster cluster) throws Exception {
        int schemas = Scale.count(90, 1_500);
        SchemaRegistryServerConfig config = SchemaRegistryServerConfig.of(cluster.bootstrapServers())
                .withTopic(cluster.uniqueName("_schemas-failover"));
        EmbeddedSchemaRegistry writer = EmbeddedSchemaRegistry.start(config);
        List<Registered> registered = new CopyOnWriteArrayList<>();
        Map<String, AtomicInteger> failedOn = new ConcurrentHashMap<>();
        AtomicInteger survivorWritesAfterCrash = new AtomicInteger();
        AtomicInteger[] crashAt = {null};
        Duration crashTook;
        try (EmbeddedSchemaRegistry survivor = EmbeddedSchemaRegistry.start(config)) {
            List<String> urls = List.of(writer.url(), survivor.url());
            // every third schema also goes under a second subject, from another thread
            List<List<String[]>> work = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                work.add(new ArrayList<>());
            }
            for (int s = 0; s < schemas; s++) {
                String schema = schema(s);
                work.get(s % THREADS).add(new String[] {"failover-" + s + "-value", schema});
                if (s % 3 == 0) {
                    work.get((s + 1) % THREADS).add(new String[] {"failover-shared-" + s + "-value", schema});
                }
            }
            int total = work.stream().mapToInt(List::size).sum();
            AtomicInteger crashed = new AtomicInteger(); // 0 running, 1 crashed
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            try {
                List<Future<?>> burst = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    List<String[]> mine = work.get(t);
                    // half the threads write through the first instance, half through the survivor
                    String first = urls.get(t % 2);
                    burst.add(pool.submit(() -> {
                        for (String[] job : mine) {
                            boolean afterCrash = crashed.get() == 1;
                            Registered done = register(first, job[0], job[1]);
                            if (done == null) {
                                failedOn.computeIfAbsent(first, u -> new AtomicInteger()).incrementAndGet();
                                done = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                                        .until(() -> register(survivor.url(), job[0], job[1]), r -> r != null);
                            }
                            if (afterCrash && done.via().equals(survivor.url())) {
                                survivorWritesAfterCrash.incrementAndGet();
                            }
                            registered.add(done);
                        }
                        return null;
                    }));
                }
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(5))
                        .until(() -> registered.size() >= total / 3);
                long crashStart = System.nanoTime();
                writer.crash();
                crashed.set(1);
                crashTook = Duration.ofNanos(System.nanoTime() - crashStart);
                crashAt[0] = new AtomicInteger(registered.size());
                for (Future<?> thread : burst) {
                    thread.get(3, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
                writer.crash();
            }

            // the crashed instance's replacement, on the same topic, and the survivor must answer every id alike
            try (EmbeddedSchemaRegistry replacement = EmbeddedSchemaRegistry.start(config)) {
                check(registered, List.of(survivor.url(), replacement.url()), total, crashAt[0].get(),
                        survivorWritesAfterCrash.get(), failedOn, crashTook);
            }
        }
    }

    private static void check(List<Registered> registered, List<String> readers, int total, int atCrash,
                              int survivorWritesAfterCrash, Map<String, AtomicInteger> failedOn, Duration crashTook)
            throws Exception {
        Map<Integer, Set<String>> schemasById = new TreeMap<>();
        Map<String, Set<Integer>> idsBySchema = new HashMap<>();
        for (Registered r : registered) {
            schemasById.computeIfAbsent(r.id(), id -> new java.util.HashSet<>()).add(canonical(r.schema()));
            idsBySchema.computeIfAbsent(canonical(r.schema()), s -> new java.util.HashSet<>()).add(r.id());
        }
        List<String> unresolved = new ArrayList<>();
        for (String reader : readers) {
            for (Map.Entry<Integer, Set<String>> entry : schemasById.entrySet()) {
                JsonNode answer = get(reader + "/schemas/ids/" + entry.getKey());
                String found = answer.has("schema") ? canonical(answer.get("schema").asText()) : null;
                if (found == null || !entry.getValue().contains(found)) {
                    unresolved.add(reader + " id " + entry.getKey() + ": " + answer);
                }
            }
            for (Registered r : registered) {
                JsonNode latest = get(reader + "/subjects/" + r.subject() + "/versions/latest");
                if (latest.path("id").asInt(-1) != r.id()) {
                    unresolved.add(reader + " subject " + r.subject() + ": " + latest + " (registered as id " + r.id() + ")");
                }
            }
        }
        long reusedIds = schemasById.values().stream().filter(set -> set.size() > 1).count();
        long schemasWithTwoIds = idsBySchema.values().stream().filter(set -> set.size() > 1).count();
        Figures.of("registry-failover").put("registrations", total)
                .put("acknowledged", registered.size())
                .put("ids", schemasById.size())
                .put("unresolved", unresolved.size())
                .put("reused_ids", reusedIds)
                .put("schemas_with_two_ids", schemasWithTwoIds)
                .put("at_crash", atCrash)
                .put("failed_on_crashed", failedOn.values().stream().mapToInt(AtomicInteger::get).sum())
                .put("survivor_writes_after_crash", survivorWritesAfterCrash)
                .put("crash_took", crashTook)
                .print();

        assertThat(registered).as("every registration got an id (from the survivor if not from the crashed one)")
                .hasSize(total);
        assertThat(unresolved).as("ids or subjects not answered alike by the survivor and the replacement").isEmpty();
        assertThat(reusedIds).as("ids standing for two different schemas").isZero();
        assertThat(schemasWithTwoIds).as("schemas that got two ids").isZero();
        assertThat(atCrash).as("the crash came mid-burst").isLessThan(total);
        assertThat(survivorWritesAfterCrash).as("registrations the survivor took after the crash").isPositive();
    }

    /** A record schema of its own per index. */
    private static String schema(int index) {
        return "{\"type\":\"record\",\"name\":\"Failover" + index + "\",\"namespace\":\"io.agentevents.reliability\","
                + "\"fields\":[{\"name\":\"n" + index + "\",\"type\":\"long\"}]}";
    }

    private static String canonical(String schema) {
        return new Schema.Parser().parse(schema).toString();
    }

    /** POST /subjects/{subject}/versions; the id, or null when the instance failed (down, 5xx, dropped connection). */
    private static Registered register(String url, String subject, String schema) {
        try {
            String body = JSON.writeValueAsString(Map.of("schema", schema));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/subjects/" + subject + "/versions"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                if (response.statusCode() < 500) {
                    throw new AssertionError("registering " + subject + " at " + url + ": " + response.statusCode() + " "
                            + response.body());
                }
                return null;
            }
            return new Registered(subject, schema, JSON.readTree(response.body()).get("id").asInt(), url);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
