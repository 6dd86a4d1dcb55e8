package io.agentevents.local.testing.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * A TCP proxy in this JVM that injects network faults between a client and one upstream server,
 * in the manner of Toxiproxy but with no external binary: it listens on {@code 127.0.0.1}, and
 * every connection it accepts gets a connection of its own to the upstream address. Faults are
 * {@link Toxic}s, added and removed at run time per {@link Direction}: latency with jitter, a
 * bandwidth cap, slicing, a cut (nothing passes until healed), a black hole (bytes swallowed) and
 * resets.
 *
 * <p>Guarantees: with no toxic the proxy passes every byte, in order, in both directions, and
 * passes a half-close (end of stream) on. A toxic change applies to open and new connections at
 * once, except to bytes already on their way: a chunk (at most 16 KiB) keeps the latency it was
 * read with, and a piece being written is finished. Latency, bandwidth, slicing and cuts
 * delay bytes but never drop or reorder them; only {@link Toxic.BlackHole} drops bytes and only
 * {@link Toxic.Reset} closes connections (besides the proxy's {@link #close()}, and an upstream
 * that cannot be reached or a peer that resets, which reset the other side too). Each direction
 * buffers at most 32 chunks: beyond that the sender's TCP window fills, as on a slow link.
 *
 * <p>Thread-safe: toxics may be changed from any thread while data flows. Each connection is
 * served by four daemon threads (a reader and a writer per direction) that end with it.
 * {@link #close()} stops listening, closes every connection and ends every thread.
 */
public final class FaultProxy implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final String name;
    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final ExecutorService threads;
    private final Thread acceptor;
    private final Object lock = new Object();
    private final Map<Direction, Map<Class<? extends Toxic>, Toxic>> toxics = new EnumMap<>(Direction.class);
    private final Set<ProxyLink> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private volatile Map<Direction, Active> active;
    private volatile boolean resetting;
    private volatile boolean closed;

    /** The toxics of one direction, as the pumping threads read them: an immutable snapshot. */
    record Active(Toxic.Latency latency, Toxic.Bandwidth bandwidth, Toxic.Slicer slicer, boolean cut,
                          boolean blackHole) {
        static final Active NONE = new Active(null, null, null, false, false);
    }

    private FaultProxy(String name, InetSocketAddress upstream, ServerSocket server) {
        this.name = name;
        this.upstream = upstream;
        this.server = server;
        for (Direction direction : Direction.values()) {
            toxics.put(direction, new LinkedHashMap<>());
        }
        this.active = Map.of(Direction.UPSTREAM, Active.NONE, Direction.DOWNSTREAM, Active.NONE);
        AtomicInteger counter = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fault-proxy-" + name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.acceptor = new Thread(this::acceptLoop, "fault-proxy-" + name + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Starts a proxy on a free port of 127.0.0.1 in front of {@code upstream}. */
    public static FaultProxy start(String name, InetSocketAddress upstream) {
        return start(name, 0, upstream);
    }

    /**
     * Starts a proxy on the given port of 127.0.0.1 (0: a free one) in front of {@code upstream},
     * which need not be listening yet: it is connected to for each accepted connection.
     *
     * @throws UncheckedIOException if the port cannot be bound
     */
    public static FaultProxy start(String name, int port, InetSocketAddress upstream) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(upstream, "upstream");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
            return new FaultProxy(name, upstream, server);
        } catch (IOException e) {
            throw new UncheckedIOException("fault proxy " + name + " cannot listen on 127.0.0.1:" + port
                    + " (for " + upstream + "): " + e.getMessage(), e);
        }
    }

    public String name() {
        return name;
    }

    public InetSocketAddress upstream() {
        return upstream;
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:<port>}: the address clients connect to. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Adds the toxic to both directions (replacing one of its kind). */
    public FaultProxy add(Toxic toxic) {
        return add(Direction.UPSTREAM, toxic).add(Direction.DOWNSTREAM, toxic);
    }

    /** Adds the toxic to one direction, replacing a toxic of the same kind there. */
    public FaultProxy add(Direction direction, Toxic toxic) {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(toxic, "toxic");
        synchronized (lock) {
            toxics.get(direction).put(toxic.getClass(), toxic);
            publish();
        }
        if (toxic instanceof Toxic.Reset) {
            resetConnections();
        }
        return this;
    }

    /** Removes the toxic of this kind from both directions, if there. */
    public FaultProxy remove(Class<? extends Toxic> kind) {
        return remove(Direction.UPSTREAM, kind).remove(Direction.DOWNSTREAM, kind);
    }

    /** Removes the toxic of this kind from one direction, if there. */
    public FaultProxy remove(Direction direction, Class<? extends Toxic> kind) {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(kind, "kind");
        boolean removed;
        synchronized (lock) {
            removed = toxics.get(direction).remove(kind) != null;
            publish();
        }
        if (removed && kind == Toxic.BlackHole.class) {
            for (ProxyLink link : links) {
                if (link.swallowedBytes() && !active.get(Direction.UPSTREAM).blackHole()
                        && !active.get(Direction.DOWNSTREAM).blackHole()) {
                    link.close(true);
                }
            }
        }
        return this;
    }

    /** Cuts the given directions (both when none is given): see {@link Toxic.Cut}. */
    public FaultProxy cut(Direction... directions) {
        for (Direction direction : orBoth(directions)) {
            add(direction, new Toxic.Cut());
        }
        return this;
    }

    /** Heals the cut of the given directions (both when none is given); the waiting bytes flow on. */
    public FaultProxy heal(Direction... directions) {
        for (Direction direction : orBoth(directions)) {
            remove(direction, Toxic.Cut.class);
        }
        return this;
    }

    /** Removes every toxic from both directions (a black hole's victims are reset, see {@link Toxic.BlackHole}). */
    public FaultProxy clear() {
        for (Direction direction : Direction.values()) {
            List<Class<? extends Toxic>> kinds;
            synchronized (lock) {
                kinds = new ArrayList<>(toxics.get(direction).keySet());
            }
            kinds.forEach(kind -> remove(direction, kind));
        }
        return this;
    }

    /** The toxics of one direction, in the order they were added. */
    public List<Toxic> toxics(Direction direction) {
        synchronized (lock) {
            return List.copyOf(toxics.get(direction).values());
        }
    }

    /** Closes every open connection with a TCP reset, once (new connections are served as usual). */
    public void resetConnections() {
        for (ProxyLink link : links) {
            link.close(true);
        }
    }

    /** Connections open now. */
    public int openConnections() {
        return links.size();
    }

    /** Connections accepted since the start. */
    public long acceptedConnections() {
        return accepted.get();
    }

    /**
     * Stops listening and closes every connection; idempotent. When it returns the port is free
     * again (a new proxy may listen on it).
     */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing a listening socket: nothing left to do with it
        }
        // a socket closed while a thread accepts on it releases its port only once that thread has left accept
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProxyLink link : links) {
            link.close(false);
        }
        synchronized (lock) {
            lock.notifyAll();
        }
        threads.shutdownNow();
    }

    @Override
    public String toString() {
        return "FaultProxy[" + name + " " + address() + " -> " + upstream.getHostString() + ":" + upstream.getPort()
                + ", upstream " + toxics(Direction.UPSTREAM) + ", downstream " + toxics(Direction.DOWNSTREAM) + "]";
    }

    private static List<Direction> orBoth(Direction... directions) {
        return directions.length == 0 ? List.of(Direction.values()) : Arrays.asList(directions);
    }

    /** Makes the toxics visible to the pumping threads and wakes those waiting out a cut. Holds the lock. */
    private void publish() {
        Map<Direction, Active> next = new EnumMap<>(Direction.class);
        boolean reset = false;
        for (Direction direction : Direction.values()) {
            Map<Class<? extends Toxic>, Toxic> present = toxics.get(direction);
            next.put(direction, new Active((Toxic.Latency) present.get(Toxic.Latency.class),
                    (Toxic.Bandwidth) present.get(Toxic.Bandwidth.class), (Toxic.Slicer) present.get(Toxic.Slicer.class),
                    present.containsKey(Toxic.Cut.class), present.containsKey(Toxic.BlackHole.class)));
            reset |= present.containsKey(Toxic.Reset.class);
        }
        active = Map.copyOf(next);
        resetting = reset;
        lock.notifyAll();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("fault proxy " + name + " stopped accepting: " + e);
                }
                return;
            }
            accepted.incrementAndGet();
            if (resetting || closed) {
                abort(client);
                continue;
            }
            Socket target = new Socket();
            try {
                target.connect(upstream, CONNECT_TIMEOUT_MS);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
            } catch (IOException e) {
                abort(client);
                abort(target);
                continue;
            }
            ProxyLink link = new ProxyLink(this, client, target);
            links.add(link);
            if (closed) {
                link.close(false);
                return;
            }
            link.start();
        }
    }

    /** The toxics of one direction now. */
    Active active(Direction direction) {
        return active.get(direction);
    }

    /** Whether {@link #close()} was called. */
    boolean isClosed() {
        return closed;
    }

    /** Runs a connection's pumping work on the proxy's daemon threads. */
    void execute(Runnable work) {
        threads.execute(work);
    }

    /** Waits while this direction is cut or until {@code stop} says so; notified on every toxic change. */
    void awaitNoCut(Direction direction, BooleanSupplier stop, long pollMillis)
            throws InterruptedException {
        synchronized (lock) {
            while (active.get(direction).cut() && !stop.getAsBoolean()) {
                lock.wait(pollMillis);
            }
        }
    }

    /** Forgets a closed connection. */
    void closed(ProxyLink link) {
        links.remove(link);
    }

    /** Closes a socket with a reset: {@code SO_LINGER} 0 makes the close send RST instead of FIN. */
    static void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed: nothing to reset
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }
}
