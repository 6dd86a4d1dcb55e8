package io.agentevents.local.kafka;

import io.agentevents.local.LocalPlatformException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A start that lost a port race: a port was chosen free for a node and another socket (of this
 * process, a fault proxy, or any other) took it before the node listened on it. {@link #retried}
 * makes such a start again, each time on freshly chosen ports, {@value #ATTEMPTS} starts in all.
 * Stateless.
 */
final class PortRace {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /** Starts made at most when a port chosen for a node is taken before the node listens on it. */
    static final int ATTEMPTS = 3;

    private PortRace() {
    }

    /**
     * The cluster {@code start} returns, made again while it fails because a node lost its port.
     *
     * @throws LocalPlatformException any other failure as it is, or after the last start one that names the port
     */
    static EmbeddedKafka retried(Supplier<EmbeddedKafka> start) {
        for (int attempt = 1; ; attempt++) {
            try {
                return start.get();
            } catch (LocalPlatformException e) {
                Optional<String> taken = lostBy(e);
                if (taken.isEmpty()) {
                    throw e;
                }
                if (attempt >= ATTEMPTS) {
                    throw new LocalPlatformException("embedded Kafka failed to start: " + taken.get() + " (" + attempt
                            + " starts, each on newly chosen ports; is something taking ports on 127.0.0.1?)", e);
                }
                LOG.warn("embedded Kafka: a port chosen for a node was taken before the node could listen on it ({});"
                        + " starting again on other ports (attempt {} of {})", taken.get(), attempt + 1, ATTEMPTS);
            }
        }
    }

    /**
     * What a node said when it could not listen on its port because another socket had it, if that is
     * why {@code failure} happened: Kafka's wrapper of the {@link BindException} ("Socket server failed
     * to bind to 127.0.0.1:port: Address already in use."), which names the port, or the exception itself.
     */
    private static Optional<String> lostBy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException || cause.getCause() instanceof BindException) {
                return Optional.of(cause.getMessage());
            }
        }
        return Optional.empty();
    }
}
