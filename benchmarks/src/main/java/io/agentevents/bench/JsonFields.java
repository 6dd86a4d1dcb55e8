package io.agentevents.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON objects of the bench ({@code summary.json}, a worker's result line) written as one list of
 * names and values, in the order they appear in the document.
 */
final class JsonFields {
    private JsonFields() {
    }

    /**
     * A mutable map of {@code name, value, name, value, ...} in that order; a value may be null.
     *
     * @throws IllegalArgumentException when a name is not a string or the last name has no value
     */
    static Map<String, Object> ordered(Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("a name without a value: " + namesAndValues[namesAndValues.length - 1]);
        }
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (!(namesAndValues[i] instanceof String name)) {
                throw new IllegalArgumentException("not a name at " + i + ": " + namesAndValues[i]);
            }
            map.put(name, namesAndValues[i + 1]);
        }
        return map;
    }
}
