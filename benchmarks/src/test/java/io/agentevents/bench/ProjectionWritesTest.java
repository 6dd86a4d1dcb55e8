package io.agentevents.bench;

import io.agentevents.bench.Measurements.WriteAmplification;

import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Write amplification from the Streams producer's per-topic byte counts. */
class ProjectionWritesTest {
    private static final String APP = "bench-x-p1-proj-app";

    private record Value(MetricName metricName, Object metricValue) implements Metric {
    }

    private static void put(Map<MetricName, Metric> metrics, String group, String name, String client, String topic, double value) {
        Map<String, String> tags = new HashMap<>();
        tags.put("client-id", client);
        if (topic != null) {
            tags.put("topic", topic);
        }
        MetricName metricName = new MetricName(name, group, "", tags);
        metrics.put(metricName, new Value(metricName, value));
    }

    @Test
    void bytesAreSummedPerTopicOverTheStreamThreadsProducersAndNothingElse() {
        Map<MetricName, Metric> metrics = new HashMap<>();
        put(metrics, "producer-topic-metrics", "byte-total", "t1-producer", APP + "-plan-state-store-changelog", 1_000);
        put(metrics, "producer-topic-metrics", "byte-total", "t2-producer", APP + "-plan-state-store-changelog", 500);
        put(metrics, "producer-topic-metrics", "byte-rate", "t1-producer", APP + "-plan-state-store-changelog", 99);
        put(metrics, "producer-topic-metrics", "record-send-total", "t1-producer", "projections.audit", 7);
        put(metrics, "producer-metrics", "byte-total", "t1-producer", null, 12_345);
        put(metrics, "consumer-fetch-manager-metrics", "bytes-consumed-total", "t1-consumer", "events.plan", 777);
        put(metrics, "producer-topic-metrics", "byte-total", "t1-producer", "projections.audit", 300);

        assertThat(ProjectionWrites.bytesSentPerTopic(metrics)).containsExactlyInAnyOrderEntriesOf(Map.of(
                APP + "-plan-state-store-changelog", 1_500L, "projections.audit", 300L));
    }

    @Test
    void internalTopicsAreToldApartByPrefixAndSuffixOnly() {
        Map<String, Long> sent = Map.of(
                APP + "-KSTREAM-AGGREGATE-STATE-STORE-0000000004-changelog", 4_000L,
                APP + "-audit-by-plan-changelog", 2_000L,
                APP + "-by-plan-repartition", 1_500L,
                APP + "-KSTREAM-KEY-SELECT-0000000002-repartition", 500L,
                "projections.audit", 3_000L,
                "projections.plan-state", 700L,
                "other-app-x-changelog", 50L,
                "projections.dlq", 0L);

        WriteAmplification writes = ProjectionWrites.classify(APP, 1_000, sent);

        assertThat(writes.changelogBytes()).isEqualTo(6_000);
        assertThat(writes.repartitionBytes()).isEqualTo(2_000);
        assertThat(writes.ratio()).isCloseTo(8.0, within(1e-9));
        assertThat(writes.outputBytes()).containsOnlyKeys("projections.audit", "projections.plan-state", "projections.dlq");
        assertThat(writes.otherBytes()).containsOnlyKeys("other-app-x-changelog");
        assertThat(ProjectionWrites.classify(APP, 0, sent).ratio()).isNull();
    }
}
