package io.drover.http.xmlrpc;

/** A request body that is not a decodable XML-RPC call (answered with HTTP 400, as supervisord does). */
public final class MalformedRequestException extends Exception {
    public MalformedRequestException(String why) {
        super(why);
    }

    public MalformedRequestException(String why, Throwable cause) {
        super(why, cause);
    }
}
