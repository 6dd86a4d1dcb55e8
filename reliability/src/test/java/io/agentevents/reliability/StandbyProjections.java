package io.agentevents.reliability;

import io.agentevents.streams.app.ProjectionsService;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A projections successor started ahead of the fault, as a standby process is: it loads the
 * projections' classes and RocksDB's native library, prints {@code standby ready}, and only when
 * its go file exists runs {@link ProjectionsService} (configured by the environment, as always).
 * Until then it touches neither Kafka nor its state directory. So a scenario can measure a
 * successor's take-over (rejoin, restore, serve) apart from a JVM's start on a loaded machine.
 *
 * <p>Argument: the go file.
 */
public final class StandbyProjections {
    /** The line printed once the classes are loaded and the process waits for its go file. */
    static final String READY = "standby ready";

    private StandbyProjections() {
    }

    public static void main(String[] args) throws Exception {
        Path go = Path.of(args[0]);
        for (String name : new String[] {"org.apache.kafka.streams.KafkaStreams", "org.apache.kafka.clients.consumer.KafkaConsumer",
                "org.apache.kafka.clients.producer.KafkaProducer", "io.agentevents.streams.app.ProjectionsApp",
                "com.fasterxml.jackson.databind.ObjectMapper"}) {
            Class.forName(name);
        }
        org.rocksdb.RocksDB.loadLibrary();
        System.out.println(READY);
        System.out.flush();
        while (!Files.exists(go)) {
            Thread.sleep(5);
        }
        ProjectionsService.main(new String[0]);
    }
}
