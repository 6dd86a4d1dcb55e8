package io.agentevents.streams.app;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * After a clean close under {@code exactly_once_v2}, Kafka Streams checkpoints the changelog offset
 * of every store that was written to, but not of a store that never was (its changelog has no
 * offset). On the next start such a task looks corrupted (a store on disk with no checkpointed
 * offset), and Kafka Streams logs a {@code TaskCorruptedException} at ERROR, wipes the task and
 * restores it. After a crash (SIGKILL, power loss) no task has a checkpoint at all (under
 * exactly-once the checkpoint is removed while a task processes), and on an active task that
 * corruption also makes Kafka Streams force a rebalance of the whole group, which a static member's
 * successor must not cause. This check, run after a clean close and before every start on a kept
 * state directory, removes instead the directory of each task with a store missing from its
 * checkpoint, so the start simply restores it (from the changelogs, which hold everything) without
 * an error or a rebalance. Tasks whose stores are all checkpointed keep their state.
 *
 * <p>It reads Kafka Streams' state-directory layout ({@code <state>/<application.id>/<task>/} with a
 * {@code .checkpoint} file of {@code <topic> <partition> <offset>} lines, stores under
 * {@code rocksdb/<store>}); anything it cannot read is left alone. Stateless.
 */
final class CleanStateCheck {
    private static final Logger LOG = LoggerFactory.getLogger(CleanStateCheck.class);
    private static final String CHECKPOINT = ".checkpoint";

    private CleanStateCheck() {
    }

    /** Removes the task directories under {@code stateDirectory/applicationId} whose stores are not all checkpointed. */
    static void removeUncheckpointedTasks(Path stateDirectory, String applicationId) {
        Path application = stateDirectory.resolve(applicationId);
        if (!Files.isDirectory(application)) {
            return;
        }
        try (Stream<Path> tasks = Files.list(application)) {
            for (Path task : tasks.filter(Files::isDirectory).toList()) {
                if (!allStoresCheckpointed(task, applicationId)) {
                    LOG.debug("task {} has a store without a checkpointed offset: its directory is removed so the next "
                            + "start restores it from the changelogs", task.getFileName());
                    org.apache.kafka.common.utils.Utils.delete(task.toFile());
                }
            }
        } catch (IOException e) {
            LOG.debug("could not check the state directory {}: {}", application, e.toString());
        }
    }

    private static boolean allStoresCheckpointed(Path task, String applicationId) throws IOException {
        Set<String> stores = new HashSet<>();
        Path rocksdb = task.resolve("rocksdb");
        if (Files.isDirectory(rocksdb)) {
            try (Stream<Path> list = Files.list(rocksdb)) {
                list.filter(Files::isDirectory).forEach(store -> stores.add(store.getFileName().toString()));
            }
        }
        if (stores.isEmpty()) {
            return true; // nothing Kafka Streams could find corrupted
        }
        Path checkpoint = task.resolve(CHECKPOINT);
        if (!Files.exists(checkpoint)) {
            return false;
        }
        Set<String> checkpointed = new HashSet<>();
        List<String> lines = Files.readAllLines(checkpoint);
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 3) {
                checkpointed.add(parts[0]);
            }
        }
        return stores.stream().allMatch(store -> checkpointed.contains(applicationId + "-" + store + "-changelog"));
    }
}
