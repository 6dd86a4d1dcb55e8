package io.agentevents.local.kafka;

import org.apache.kafka.common.utils.Exit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an embedded Kafka node from ending the process that embeds it. On a fatal fault a Kafka
 * server halts its JVM (Kafka's {@link Exit}); a node that cannot listen on its controller port,
 * taken by another socket between the choice of the port and the node's start, used to end a whole
 * test JVM that way. Installed, Kafka's halt and exit requests are logged and refused: the failure
 * then reaches the caller as the exception Kafka rethrows (a start is made again on other ports by
 * {@link PortRace}). Kafka's exit procedures are global to the JVM, so this holds for every Kafka
 * server of the process once an embedded node has started. Thread-safe; installing twice is harmless.
 */
final class ProcessExitGuard {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    private ProcessExitGuard() {
    }

    static void install() {
        Exit.setHaltProcedure(ProcessExitGuard::refuse);
        Exit.setExitProcedure(ProcessExitGuard::refuse);
    }

    private static void refuse(int status, String message) {
        LOG.error("embedded Kafka asked to end this process (status {}{}) after a fatal fault (logged above): the process"
                + " keeps running; the failing node's start fails, or that node stops working", status,
                message == null ? "" : ", " + message);
    }
}
