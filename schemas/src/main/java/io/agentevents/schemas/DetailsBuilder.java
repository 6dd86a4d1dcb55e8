package io.agentevents.schemas;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code details} of a {@link DomainEvent} value by value, in order, checking each one
 * against the contract and {@link EventLimits} as it is added, as a streaming decoder reads them.
 * The result is what {@link DomainEvent} itself makes of a details map (a deep, unmodifiable map
 * that keeps the order values were added in), and an event built with it takes it as it is,
 * without copying it again.
 *
 * <pre>{@code
 * DetailsBuilder details = new DetailsBuilder();
 * details.key("phase").value("executing");
 * details.key("tools").startList().value("shell.run").value("http.get").end();
 * details.key("budget").startMap().key("usd").value(1.25).end();
 * DomainEvent event = DomainEvent.builder(EventType.PLAN_PHASE_CHANGED).source("planner")
 *         .details(details.build()).build();
 * }</pre>
 *
 * <p>Inside a map, {@link #key} names the next value; inside a list, values follow each other. A
 * value is a plain value (null, {@link Boolean}, {@link Long}, {@link Double}, {@link String}; also
 * {@link Integer}, {@link Short} and {@link Byte} as Long and {@link Float} as Double) or a
 * {@link List} or {@link Map} of them, which is copied deep; {@link #startList} and
 * {@link #startMap} open a nested one to fill in place, {@link #end} closes it. The first value that
 * breaks the contract (too deep, too many, too large, an unsupported type, a key given twice in one
 * map) is an {@link InvalidEventException} naming its path, e.g. {@code details.steps[3].name},
 * exactly as {@link DomainEvent.Builder#build()} names it; the builder is then unusable.
 *
 * <p>Not thread-safe; one builder per details map. {@link #build()} may be called once.
 */
public final class DetailsBuilder {
    private static final String ROOT = "details";
    /** Largest capacity a size hint may reserve up front; beyond it collections grow as they fill. */
    private static final int MAX_SIZE_HINT = 4_096;

    /** Levels the stacks hold before they grow (most details nest a level or two). */
    private static final int INITIAL_LEVELS = 4;

    /** The details map (level 0). */
    private Map<String, Object> root;
    /** The container being filled: the root, or the innermost open list or map. */
    private Object current;
    /**
     * The open nested containers, made when the first one opens (flat details need none): level d
     * holds values at depth d + 1.
     */
    private Object[] containers;
    /** For each open nested container: the key it has in its parent map, or null in a list. */
    private String[] segmentKeys;
    /** For each open nested container in a list: its index there. */
    private int[] segmentIndexes;
    private int level;
    private String pendingKey;
    private int values;
    private long bytes;
    private boolean finished;

    /** A builder for details of any size. */
    public DetailsBuilder() {
        this(0);
    }

    /** A builder for details of about {@code expectedSize} top-level entries (a hint). */
    public DetailsBuilder(int expectedSize) {
        root = newMap(expectedSize);
        current = root;
    }

    /**
     * Names the next value of the map being filled.
     *
     * @throws InvalidEventException if the key is null, longer than
     *                               {@link EventLimits#MAX_DETAIL_KEY_LENGTH} or not valid Unicode text,
     *                               or the details grow beyond {@link EventLimits#MAX_DETAILS_BYTES}
     * @throws IllegalStateException if a list is being filled or the previous key has no value yet
     */
    public DetailsBuilder key(String key) {
        checkOpen();
        if (!(current instanceof Map)) {
            throw new IllegalStateException("a list is being filled at " + containerPath() + ": values need no key");
        }
        if (pendingKey != null) {
            throw new IllegalStateException("key '" + pendingKey + "' at " + containerPath() + " has no value yet");
        }
        if (key == null) {
            throw fail(containerPath(), "map keys must be strings, found null");
        }
        if (key.length() > EventLimits.MAX_DETAIL_KEY_LENGTH) {
            throw fail(containerPath(), "key of " + key.length() + " characters exceeds " + EventLimits.MAX_DETAIL_KEY_LENGTH);
        }
        addText(key, false);
        pendingKey = key;
        return this;
    }

    /**
     * Adds a value: a plain value as it is, a {@link List} or {@link Map} as a deep copy.
     *
     * @throws InvalidEventException naming the value's path if it breaks the contract
     * @throws IllegalStateException if a map is being filled and no key was given
     */
    public DetailsBuilder value(Object value) {
        checkOpen();
        if (value instanceof List<?> list) {
            startList(list.size());
            for (Object item : list) {
                value(item);
            }
            return end();
        }
        if (value instanceof Map<?, ?> map) {
            startMap(map.size());
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String name)) {
                    throw fail(containerPath(), "map keys must be strings, found "
                            + (entry.getKey() == null ? "null" : entry.getKey().getClass().getName()));
                }
                key(name).value(entry.getValue());
            }
            return end();
        }
        countValue();
        Object plain;
        if (value == null || value instanceof Boolean || value instanceof Long || value instanceof Double) {
            addBytes(8, true);
            plain = value;
        } else if (value instanceof String text) {
            addText(text, true);
            plain = text;
        } else if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            addBytes(8, true);
            plain = ((Number) value).longValue();
        } else if (value instanceof Float number) {
            addBytes(8, true);
            plain = number.doubleValue();
        } else {
            throw fail(valuePath(), "unsupported value type " + value.getClass().getName()
                    + " (allowed: String, Long, Integer, Double, Float, Boolean, List, Map with String keys, null)");
        }
        place(plain);
        return this;
    }

    /** Opens a list as the next value; {@link #end()} closes it. */
    public DetailsBuilder startList() {
        return startList(0);
    }

    /** Opens a list of about {@code expectedSize} items (a hint) as the next value. */
    public DetailsBuilder startList(int expectedSize) {
        List<Object> list = new ArrayList<>(hint(expectedSize));
        open(list, Collections.unmodifiableList(list));
        return this;
    }

    /** Opens a map as the next value; {@link #end()} closes it. */
    public DetailsBuilder startMap() {
        return startMap(0);
    }

    /** Opens a map of about {@code expectedSize} entries (a hint) as the next value. */
    public DetailsBuilder startMap(int expectedSize) {
        Map<String, Object> map = newMap(expectedSize);
        open(map, Collections.unmodifiableMap(map));
        return this;
    }

    /**
     * Closes the list or map opened last.
     *
     * @throws IllegalStateException if none is open, or a key in it has no value
     */
    public DetailsBuilder end() {
        checkOpen();
        if (level == 0) {
            throw new IllegalStateException("no list or map is open");
        }
        if (pendingKey != null) {
            throw new IllegalStateException("key '" + pendingKey + "' at " + containerPath() + " has no value");
        }
        containers[level] = null;
        level--;
        current = level == 0 ? root : containers[level];
        return this;
    }

    /**
     * The details: deep, unmodifiable, in the order they were added.
     *
     * @throws IllegalStateException if a list or map is still open, a key has no value, or it was built already
     */
    public Map<String, Object> build() {
        checkOpen();
        if (level != 0 || pendingKey != null) {
            throw new IllegalStateException("details are incomplete at " + containerPath()
                    + (pendingKey != null ? " (key '" + pendingKey + "' has no value)" : " (a list or map is open)"));
        }
        finished = true;
        Map<String, Object> details = root;
        root = null;
        current = null;
        return details.isEmpty() ? Map.of() : new FrozenDetails(details);
    }

    private void open(Object backing, Object view) {
        checkOpen();
        countValue();
        String key = pendingKey;
        int index = place(view);
        level++;
        if (containers == null) {
            containers = new Object[INITIAL_LEVELS];
            segmentKeys = new String[INITIAL_LEVELS];
            segmentIndexes = new int[INITIAL_LEVELS];
        } else if (level == containers.length) { // at most MAX_DETAILS_DEPTH: countValue refused anything deeper
            containers = Arrays.copyOf(containers, Math.min(2 * level, EventLimits.MAX_DETAILS_DEPTH + 1));
            segmentKeys = Arrays.copyOf(segmentKeys, containers.length);
            segmentIndexes = Arrays.copyOf(segmentIndexes, containers.length);
        }
        containers[level] = backing;
        current = backing;
        segmentKeys[level] = key;
        segmentIndexes[level] = index;
    }

    /** Checks depth and count for one more value (of any kind) at the current position. */
    private void countValue() {
        if (current instanceof Map && pendingKey == null) {
            throw new IllegalStateException("a map is being filled at " + containerPath() + ": give the value's key first");
        }
        if (level + 1 > EventLimits.MAX_DETAILS_DEPTH) {
            throw fail(valuePath(), "details nested deeper than " + EventLimits.MAX_DETAILS_DEPTH + " levels");
        }
        if (++values > EventLimits.MAX_DETAILS_VALUES) {
            throw fail(valuePath(), "details hold more than " + EventLimits.MAX_DETAILS_VALUES + " values");
        }
    }

    /** Puts a value at the current position; returns its list index (or -1 in a map). */
    private int place(Object value) {
        Object container = current;
        if (container instanceof Map<?, ?>) {
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) container;
            int before = map.size();
            map.put(pendingKey, value);
            if (map.size() == before) {
                throw fail(containerPath(), "key '" + pendingKey + "' is given twice");
            }
            pendingKey = null;
            return -1;
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) container;
        list.add(value);
        return list.size() - 1;
    }

    private void addText(String text, boolean isValue) {
        long length = EventDetails.utf8LengthOrBadIndex(text);
        if (length < 0) {
            int index = (int) ~length;
            throw fail(isValue ? valuePath() : containerPath(), String.format(
                    "unpaired surrogate U+%04X at index %d is not valid Unicode text", (int) text.charAt(index), index));
        }
        addBytes(length, isValue);
    }

    private void addBytes(long size, boolean isValue) {
        bytes += size;
        if (bytes > EventLimits.MAX_DETAILS_BYTES) {
            throw fail(isValue ? valuePath() : containerPath(), "details exceed " + EventLimits.MAX_DETAILS_BYTES + " bytes");
        }
    }

    private InvalidEventException fail(String path, String problem) {
        finished = true;
        return new InvalidEventException(path, problem);
    }

    private void checkOpen() {
        if (finished) {
            throw new IllegalStateException("this DetailsBuilder was built or refused a value; use a new one");
        }
    }

    /** The path of the container being filled, e.g. {@code details.steps[3]}: built only for errors. */
    private String containerPath() {
        StringBuilder path = new StringBuilder(ROOT);
        for (int i = 1; i <= level; i++) {
            appendSegment(path, segmentKeys[i], segmentIndexes[i]);
        }
        return path.toString();
    }

    /** The path of the value about to be added. */
    private String valuePath() {
        StringBuilder path = new StringBuilder(containerPath());
        if (current instanceof Map) {
            appendSegment(path, pendingKey, -1);
        } else {
            @SuppressWarnings("unchecked")
            List<Object> list = (List<Object>) current;
            appendSegment(path, null, list.size());
        }
        return path.toString();
    }

    private static void appendSegment(StringBuilder path, String key, int index) {
        if (key != null) {
            path.append('.').append(key);
        } else {
            path.append('[').append(index).append(']');
        }
    }

    private static int hint(int expectedSize) {
        return Math.max(0, Math.min(expectedSize, MAX_SIZE_HINT));
    }

    private static Map<String, Object> newMap(int expectedSize) {
        return new LinkedHashMap<>(Math.max(4, (int) (hint(expectedSize) / 0.75f) + 1));
    }
}
