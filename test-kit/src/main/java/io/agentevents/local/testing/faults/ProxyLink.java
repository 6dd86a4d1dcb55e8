package io.agentevents.local.testing.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One connection through a {@link FaultProxy}: the client's socket, the proxy's own to the upstream,
 * and a pipe each way, whose reader stamps each chunk with when it may leave (latency) and whose
 * writer sends it as the toxics allow (cut, black hole, slicing, bandwidth). Thread-safe: four
 * threads of the proxy serve it, and any thread may close it.
 */
    final class ProxyLink {
    private static final int CHUNK_BYTES = 16 * 1024;
    private static final int QUEUED_CHUNKS = 32;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Bandwidth pacing: at most this many milliseconds' worth of bytes in one write. */
    private static final int PACING_MS = 50;

    private final FaultProxy proxy;
    private final Socket client;
    private final Socket target;
    private final AtomicBoolean closedLink = new AtomicBoolean();
    private final AtomicBoolean swallowed = new AtomicBoolean();
    private final AtomicInteger finishedPipes = new AtomicInteger();

    ProxyLink(FaultProxy proxy, Socket client, Socket target) {
        this.proxy = proxy;
        this.client = client;
        this.target = target;
    }

    /** Whether a black hole swallowed bytes of this connection. */
    boolean swallowedBytes() {
        return swallowed.get();
    }

    void start() {
        new Pipe(Direction.UPSTREAM, client, target).start();
        new Pipe(Direction.DOWNSTREAM, target, client).start();
    }

    boolean isClosed() {
        return closedLink.get() || proxy.isClosed();
    }

    void pipeFinished() {
        if (finishedPipes.incrementAndGet() == 2) {
            close(false);
        }
    }

    void close(boolean reset) {
        if (!closedLink.compareAndSet(false, true)) {
            return;
        }
        proxy.closed(this);
        if (reset) {
            FaultProxy.abort(client);
            FaultProxy.abort(target);
        } else {
            closeQuietly(client);
            closeQuietly(target);
        }
    }

    private void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }

    /** Bytes of one direction: a reader that stamps each chunk with when it may leave, a writer that sends it. */
    private final class Pipe {
        private static final byte[] END = new byte[0];

        private final Direction direction;
        private final Socket from;
        private final Socket to;
        private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
        private long lastDue;
        private long nextFree;

        private record Chunk(byte[] bytes, long due) {
        }

        Pipe(Direction direction, Socket from, Socket to) {
            this.direction = direction;
            this.from = from;
            this.to = to;
        }

        void start() {
            proxy.execute(this::read);
            proxy.execute(this::write);
        }

        private void read() {
            try {
                // not closed here: closing a socket's stream closes the socket, and the other direction may still flow
                InputStream in = from.getInputStream();
                byte[] buffer = new byte[CHUNK_BYTES];
                while (!isClosed()) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        enqueue(new Chunk(END, System.nanoTime()));
                        return;
                    }
                    FaultProxy.Active toxic = proxy.active(direction);
                    if (toxic.blackHole()) {
                        swallowed.set(true);
                        continue;
                    }
                    enqueue(new Chunk(Arrays.copyOf(buffer, n), due(toxic.latency())));
                }
            } catch (IOException e) {
                close(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close(false);
            }
        }

        private long due(Toxic.Latency latency) {
            long now = System.nanoTime();
            if (latency == null) {
                return Math.max(now, lastDue);
            }
            long delay = latency.latency().toNanos();
            long jitter = latency.jitter().toNanos();
            if (jitter > 0) {
                delay += ThreadLocalRandom.current().nextLong(-jitter, jitter + 1);
            }
            lastDue = Math.max(lastDue, now + Math.max(0, delay));
            return lastDue;
        }

        private void enqueue(Chunk chunk) throws InterruptedException {
            while (!isClosed()) {
                if (queue.offer(chunk, POLL_NANOS, TimeUnit.NANOSECONDS)) {
                    return;
                }
            }
        }

        private void write() {
            try {
                OutputStream out = to.getOutputStream();
                while (!isClosed()) {
                    Chunk chunk = queue.poll(POLL_NANOS, TimeUnit.NANOSECONDS);
                    if (chunk == null) {
                        continue;
                    }
                    if (!waitUntil(chunk.due) || !awaitNoCut()) {
                        return;
                    }
                    if (chunk.bytes == END) {
                        to.shutdownOutput();
                        pipeFinished();
                        return;
                    }
                    send(out, chunk.bytes);
                }
            } catch (IOException e) {
                close(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close(false);
            }
        }

        /** Writes one chunk as the toxics allow: swallowed, sliced, paced; waits out cuts between pieces. */
        private void send(OutputStream out, byte[] bytes) throws IOException, InterruptedException {
            int offset = 0;
            while (offset < bytes.length) {
                if (!awaitNoCut()) {
                    return;
                }
                FaultProxy.Active toxic = proxy.active(direction);
                if (toxic.blackHole()) {
                    swallowed.set(true);
                    return;
                }
                int piece = bytes.length - offset;
                if (toxic.slicer() != null) {
                    piece = Math.min(piece, toxic.slicer().maxBytes());
                }
                if (toxic.bandwidth() != null) {
                    long bytesPerSecond = toxic.bandwidth().kilobitsPerSecond() * 1000 / 8;
                    piece = (int) Math.min(piece, Math.max(1, bytesPerSecond * PACING_MS / 1000));
                    if (!waitUntil(nextFree)) {
                        return;
                    }
                    nextFree = Math.max(System.nanoTime(), nextFree) + piece * 1_000_000_000L / Math.max(1, bytesPerSecond);
                }
                out.write(bytes, offset, piece);
                out.flush();
                offset += piece;
                if (toxic.slicer() != null && offset < bytes.length && !toxic.slicer().delay().isZero()
                        && !waitUntil(System.nanoTime() + toxic.slicer().delay().toNanos())) {
                    return;
                }
            }
        }

        /** Parks until the time; false when the link closed meanwhile. */
        private boolean waitUntil(long due) {
            long left;
            while ((left = due - System.nanoTime()) > 0) {
                if (isClosed()) {
                    return false;
                }
                LockSupport.parkNanos(Math.min(left, POLL_NANOS));
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return !isClosed();
        }

        /** Waits while this direction is cut; false when the link closed meanwhile. */
        private boolean awaitNoCut() throws InterruptedException {
            proxy.awaitNoCut(direction, ProxyLink.this::isClosed, TimeUnit.NANOSECONDS.toMillis(POLL_NANOS));
            return !isClosed();
        }
    }
}
