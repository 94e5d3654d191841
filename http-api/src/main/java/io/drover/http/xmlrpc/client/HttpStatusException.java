package io.drover.http.xmlrpc.client;

import java.io.IOException;

/** A response other than 200 (xmlrpclib's ProtocolError): 401 means the server wants credentials. */
public final class HttpStatusException extends IOException {
    private final int status;
    private final String reasonPhrase;

    public HttpStatusException(int status, String reasonPhrase) {
        super(status + " " + reasonPhrase);
        this.status = status;
        this.reasonPhrase = reasonPhrase;
    }

    public int status() {
        return status;
    }

    public String reasonPhrase() {
        return reasonPhrase;
    }
}
