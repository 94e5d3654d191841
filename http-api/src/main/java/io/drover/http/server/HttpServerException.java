package io.drover.http.server;

/** An HTTP server that cannot start; the message says which server and why, for the daemon to print and exit. */
public final class HttpServerException extends RuntimeException {
    private final boolean addressInUse;

    public HttpServerException(String message) {
        this(message, null, false);
    }

    public HttpServerException(String message, Throwable cause) {
        this(message, cause, false);
    }

    private HttpServerException(String message, Throwable cause, boolean addressInUse) {
        super(message, cause);
        this.addressInUse = addressInUse;
    }

    /** Another program listens on the configured port or unix socket (supervisord's EADDRINUSE). */
    static HttpServerException inUse(String message, Throwable cause) {
        return new HttpServerException(message, cause, true);
    }

    /** The daemon answers this case with supervisord's own usage message. */
    public boolean addressInUse() {
        return addressInUse;
    }
}
