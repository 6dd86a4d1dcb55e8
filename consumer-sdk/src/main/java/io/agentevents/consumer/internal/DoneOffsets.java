package io.agentevents.consumer.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Encodes, in a commit's metadata, the offsets above the committed offset that are already
 * finished (records of other correlation ids that ran ahead of a slow one), so that a restart or
 * a new owner of the partition does not handle them again. Format: {@code d1:} followed by
 * comma-separated distances from the committed offset. Bounded to fit Kafka's default 4 KiB
 * metadata limit; what does not fit is simply handled again (at-least-once).
 */
final class DoneOffsets {
    static final int MAX_CHARS = 3_500;
    private static final String PREFIX = "d1:";

    private DoneOffsets() {
    }

    static String encode(long base, Collection<Long> done) {
        if (done.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder(PREFIX);
        for (long offset : done) {
            String delta = Long.toString(offset - base);
            if (text.length() + delta.length() + 1 > MAX_CHARS) {
                break;
            }
            if (text.length() > PREFIX.length()) {
                text.append(',');
            }
            text.append(delta);
        }
        return text.toString();
    }

    /** The finished offsets encoded in {@code metadata} (empty for anything else). */
    static Set<Long> decode(long base, String metadata) {
        Set<Long> offsets = new HashSet<>();
        if (metadata == null || !metadata.startsWith(PREFIX) || metadata.length() == PREFIX.length()) {
            return offsets;
        }
        for (String part : metadata.substring(PREFIX.length()).split(",")) {
            try {
                long delta = Long.parseLong(part);
                if (delta > 0) {
                    offsets.add(base + delta);
                }
            } catch (NumberFormatException e) {
                return new HashSet<>(); // not ours: ignore it all rather than skip a wrong record
            }
        }
        return offsets;
    }

    static List<Long> sorted(Collection<Long> offsets) {
        List<Long> list = new ArrayList<>(offsets);
        list.sort(null);
        return list;
    }
}
