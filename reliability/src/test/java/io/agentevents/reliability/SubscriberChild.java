package io.agentevents.reliability;

import io.agentevents.api.EventListener;
import io.agentevents.consumer.EventSubscriber;
import io.agentevents.consumer.SubscriberConfig;
import io.agentevents.schemas.Domain;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The subscriber of {@link SubscriberKillIT}, run as a child JVM so that the test can kill it with
 * SIGKILL: an {@link EventSubscriber} (static member {@code instanceId} of {@code group}) whose
 * handler, after 1-4 ms of work, appends {@code eventId, correlationId, seq, partition, offset} as
 * one tab-separated line to the output file and writes it to the file at once (one
 * {@code write} call a line, so a line written survives the process being killed). It starts
 * its subscriber once the go file exists (so the test can start a successor JVM ahead and let it
 * subscribe right after the kill), prints {@value #READY} and runs until killed.
 *
 * <p>Arguments: bootstrap servers, registry URL, topic prefix, group, instance id, output file, go file.
 */
public final class SubscriberChild {
    static final String READY = "SUBSCRIBER-CHILD-READY";
    static final int CONCURRENCY = 8;
    static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);

    private SubscriberChild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println("usage: SubscriberChild BOOTSTRAP REGISTRY PREFIX GROUP INSTANCE_ID OUTPUT_FILE GO_FILE");
            System.exit(2);
        }
        SubscriberConfig config = SubscriberConfig.builder(args[0], args[1], args[3])
                .topicPrefix(args[2])
                .instanceId(args[4])
                .maxConcurrency(CONCURRENCY)
                .commitInterval(COMMIT_INTERVAL).build();
        try (OutputStream out = new FileOutputStream(Path.of(args[5]).toFile(), true)) {
            EventListener handler = (event, delivery) -> {
                Thread.sleep(1 + (event.eventId().hashCode() & 3));
                byte[] line = (event.eventId() + "\t" + event.correlationId() + "\t" + event.details().get("seq") + "\t"
                        + delivery.partition() + "\t" + delivery.offset() + "\n").getBytes(StandardCharsets.UTF_8);
                append(out, line);
            };
            EventSubscriber.Builder builder = EventSubscriber.builder(config).on(Domain.TOOL, handler);
            Path go = Path.of(args[6]);
            while (!Files.exists(go)) {
                Thread.sleep(5); // waiting for the test's signal, polling a file
            }
            EventSubscriber subscriber = builder.build().start();
            System.out.println(READY);
            System.out.flush();
            new CountDownLatch(1).await(); // until killed
            subscriber.close();
        }
    }

    private static void append(OutputStream out, byte[] line) throws IOException {
        synchronized (out) {
            out.write(line); // unbuffered: one write(2) a line
        }
    }
}
