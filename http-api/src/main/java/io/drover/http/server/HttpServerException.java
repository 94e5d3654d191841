package io.drover.http.server;

/** An HTTP server that cannot start; the message says which server and why, for the daemon to print and exit. */
public final class HttpServerException extends RuntimeException {
    public HttpServerException(String message) {
        super(message);
    }

    public HttpServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
