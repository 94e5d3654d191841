package io.drover.http.xmlrpc.client;

import java.io.IOException;

/** A response that is not a readable XML-RPC {@code <methodResponse>} (or not HTTP at all). */
public final class MalformedResponseException extends IOException {
    public MalformedResponseException(String message) {
        super(message);
    }

    public MalformedResponseException(String message, Throwable cause) {
        super(message, cause);
    }
}
