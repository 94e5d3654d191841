package io.drover.http.xmlrpc;

/**
 * A call that supervisord would answer with HTTP 500 (an unexpected exception inside a method, typically an
 * argument of the wrong type such as an int where a name is expected).
 */
public final class RpcInternalError extends RuntimeException {
    public RpcInternalError(String why) {
        super(why, null, false, false);
    }
}
