package io.agentevents.local;

/**
 * The local platform could not start or serve: a port in use, a data directory that cannot be
 * used, a component not ready in time. The message names the port, path or address.
 */
public final class LocalPlatformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalPlatformException(String message) {
        super(message);
    }

    public LocalPlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}
