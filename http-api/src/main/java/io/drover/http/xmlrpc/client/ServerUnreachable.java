package io.drover.http.xmlrpc.client;

import java.io.IOException;

/** The server could not be reached at all; {@link #reason()} picks supervisorctl's message. */
public final class ServerUnreachable extends IOException {
    public enum Reason {
        /** TCP RST, or a unix path that is not a listening socket: {@code <url> refused connection}. */
        REFUSED,
        /** The unix socket file does not exist: {@code <url> no such file}. */
        NO_SUCH_FILE,
        /** The host name does not resolve. */
        UNKNOWN_HOST,
        /** Anything else (permission denied, timeouts). */
        OTHER
    }

    private final Reason reason;

    public ServerUnreachable(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
