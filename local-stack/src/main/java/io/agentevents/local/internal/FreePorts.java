package io.agentevents.local.internal;

import io.agentevents.local.LocalPlatformException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.function.IntSupplier;

/** Finds and checks TCP ports on 127.0.0.1. */
public final class FreePorts {
    private static final int ATTEMPTS = 20;

    private FreePorts() {
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    public static int find() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LocalPlatformException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** A free port that is none of the ports already handed out. */
    @SafeVarargs
    public static int findExcept(Collection<Integer>... taken) {
        return findExcept(FreePorts::find, taken);
    }

    /** A port from {@code source} that is none of the ports already handed out. */
    @SafeVarargs
    public static int findExcept(IntSupplier source, Collection<Integer>... taken) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = source.getAsInt();
            boolean clash = false;
            for (Collection<Integer> ports : taken) {
                clash |= ports.contains(port);
            }
            if (!clash) {
                return port;
            }
        }
        throw new LocalPlatformException("no distinct free port on 127.0.0.1 after " + ATTEMPTS + " attempts");
    }

    /**
     * Returns {@code port} if it can be bound on 127.0.0.1 now.
     *
     * @throws LocalPlatformException naming the port and its use when it is taken
     */
    public static int checkFree(int port, String use) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return port;
        } catch (IOException e) {
            throw new LocalPlatformException(use + " 127.0.0.1:" + port + " is not free (" + e.getMessage()
                    + "); stop what uses it or choose another port");
        }
    }
}
