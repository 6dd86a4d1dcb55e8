package io.agentevents.streams.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Whether the local state an instance starts on was left by a clean close. Under
 * {@code exactly_once_v2} Kafka Streams trusts a RocksDB store only if it was closed cleanly: after
 * a crash (SIGKILL, power loss, a close that timed out) it finds every store of a task invalid,
 * logs a {@code TaskCorruptedException} at ERROR, wipes the task and, for an active task, forces a
 * rebalance of the whole group, which a static member's successor must not cause.
 *
 * <p>So a clean close leaves a marker file in the application's state directory
 * ({@code <state>/<application.id>/}{@value #MARKER}), and a start on a kept state directory
 * removes the marker, or, when it is missing, removes the application's task directories first
 * (keeping Kafka Streams' process id): the start then restores every task from its changelog (the
 * query API answers {@code 503} meanwhile) without an error or a rebalance. After a clean close the
 * state is kept and a restart reads it as it is. Kafka Streams ignores the marker (it reads only
 * task directories). Stateless; not for temporary state directories, which are deleted on close anyway.
 */
final class CleanCloseMarker {
    private static final Logger LOG = LoggerFactory.getLogger(CleanCloseMarker.class);
    static final String MARKER = "eventbus-closed-cleanly";

    private CleanCloseMarker() {
    }

    /**
     * Before a start on {@code stateDirectory}: removes the application's local state unless the
     * previous instance closed cleanly, then the marker, so only a clean close of this run writes it again.
     */
    static void beforeStart(Path stateDirectory, String applicationId) {
        Path application = stateDirectory.resolve(applicationId);
        Path marker = application.resolve(MARKER);
        try {
            if (Files.exists(marker)) {
                Files.delete(marker);
            } else {
                List<Path> tasks = taskDirectories(application);
                if (!tasks.isEmpty()) {
                    LOG.info("projections {}: the previous instance on {} did not close cleanly; the local state of its "
                            + "{} tasks is removed and restored from the changelogs", applicationId, stateDirectory, tasks.size());
                    for (Path task : tasks) {
                        org.apache.kafka.common.utils.Utils.delete(task.toFile());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the state directory " + application + ": " + e.getMessage(), e);
        }
    }

    /** After a clean close (every task committed and its stores closed): marks the local state as usable. */
    static void afterCleanClose(Path stateDirectory, String applicationId) {
        Path application = stateDirectory.resolve(applicationId);
        try {
            if (Files.isDirectory(application)) {
                Files.writeString(application.resolve(MARKER), "closed cleanly; a start keeps this local state\n");
            }
        } catch (IOException e) {
            LOG.warn("could not mark the state directory {} as closed cleanly (the next start restores it from the "
                    + "changelogs): {}", application, e.getMessage());
        }
    }

    /** The task directories (Kafka Streams' own files beside them, such as the process id, are kept). */
    private static List<Path> taskDirectories(Path application) throws IOException {
        if (!Files.isDirectory(application)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(application)) {
            return entries.filter(Files::isDirectory).toList();
        }
    }
}
