package io.agentevents.local.kafka;

import io.agentevents.local.LocalPlatformException;

import kafka.server.KafkaRaftServer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs one action on several nodes at once, on daemon threads named after the action, and returns
 * when every node is done: a controller quorum needs a majority up before any broker is ready, and
 * a lone survivor of a stop waits for a quorum that is gone. Stateless.
 */
final class ParallelServers {
    private ParallelServers() {
    }

    /** @throws LocalPlatformException naming {@code name} and the first failure, or when interrupted */
    static void run(String name, List<KafkaRaftServer> servers, Consumer<KafkaRaftServer> action) {
        if (servers.isEmpty()) {
            return;
        }
        ExecutorService executor = Executors.newFixedThreadPool(servers.size(), runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (KafkaRaftServer server : servers) {
                futures.add(executor.submit(() -> action.accept(server)));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new LocalPlatformException(name + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalPlatformException(name + " interrupted", e);
        } finally {
            executor.shutdownNow();
        }
    }
}
