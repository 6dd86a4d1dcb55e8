package io.agentevents.reliability;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A Jepsen-style history of one run: every write's invocation and outcome (acknowledged or failed)
 * and every read, in the order they happened, for {@link HistoryCheck} to judge afterwards. A
 * value is written once, under one key (for the event bus: an event id under its correlation id).
 * Thread-safe: operations from any thread are appended under one lock, and that order is the
 * history's order.
 */
final class History {
    /** What an operation was: a write invoked, acknowledged or failed, or a value read. */
    enum Kind { INVOKE, OK, FAIL, READ }

    /**
     * One operation: its place in the history, which process did it, under which key, which value,
     * and where (a topic-partition@offset) or why it failed.
     */
    record Op(int index, long nanos, String process, Kind kind, String key, String value, String detail) {
        String line() {
            return index + "\t" + nanos + "\t" + process + "\t" + kind + "\t" + key + "\t" + value
                    + "\t" + (detail == null ? "" : detail.replace('\n', ' ').replace('\t', ' '));
        }
    }

    private final List<Op> ops = new ArrayList<>();

    /** A write of {@code value} under {@code key} begins. */
    void invoke(String process, String key, String value) {
        append(process, Kind.INVOKE, key, value, null);
    }

    /** The write of {@code value} was acknowledged, at {@code where}. */
    void ok(String process, String key, String value, String where) {
        append(process, Kind.OK, key, value, where);
    }

    /** The write of {@code value} failed: it may or may not have happened (indeterminate). */
    void fail(String process, String key, String value, String error) {
        append(process, Kind.FAIL, key, value, error);
    }

    /** {@code value} was read under {@code key}, at {@code where}; reads of one key come in its log's order. */
    void read(String process, String key, String value, String where) {
        append(process, Kind.READ, key, value, where);
    }

    private synchronized void append(String process, Kind kind, String key, String value, String detail) {
        ops.add(new Op(ops.size(), System.nanoTime(), process, kind, key, value, detail));
    }

    /** The operations so far, in history order. */
    synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    /** Writes the history, one tab-separated operation a line, to {@code file}; returns it. */
    Path writeTo(Path file) {
        List<Op> snapshot = ops();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("index\tnanos\tprocess\tkind\tkey\tvalue\tdetail");
                out.newLine();
                for (Op op : snapshot) {
                    out.write(op.line());
                    out.newLine();
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the history to " + file.toAbsolutePath(), e);
        }
    }
}
