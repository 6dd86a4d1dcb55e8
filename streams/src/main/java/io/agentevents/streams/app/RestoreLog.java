package io.agentevents.streams.app;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs at INFO each store partition that restored records from its changelog, and how many: what a
 * start or a moved task spent rebuilding state (a start on state kept by a clean close restores only
 * the in-memory rates). Thread-safe (stateless; Kafka Streams calls it from its threads).
 */
final class RestoreLog implements StateRestoreListener {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreLog.class);
    private final String applicationId;

    RestoreLog(String applicationId) {
        this.applicationId = applicationId;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        // the end says how much was restored
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
        // per batch: too often to log
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        if (totalRestored > 0) {
            LOG.info("projections {}: store {} partition {} restored from its changelog: {} records", applicationId, storeName,
                    partition.partition(), totalRestored);
        }
    }
}
