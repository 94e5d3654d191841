package io.drover.ops.ctl;

import io.drover.http.xmlrpc.PyValues;
import io.drover.http.xmlrpc.RpcFault;
import io.drover.http.xmlrpc.client.HttpStatusException;
import io.drover.http.xmlrpc.client.ServerUnreachable;
import io.drover.http.xmlrpc.client.ServerUrl;

/**
 * An error supervisorctl does not handle itself: it prints {@code error: <class 'T'>, message: file: … line: …}
 * and exits 1. droverctl prints the same class and message (the Python file and line do not exist here).
 */
final class PyError extends RuntimeException {
    private final String pyClass;

    PyError(String pyClass, String message) {
        super(message, null, false, false);
        this.pyClass = pyClass;
    }

    /** Python's text for the exception's class: {@code <class 'T'>}. */
    String pyClassText() {
        return "<class '" + pyClass + "'>";
    }

    /** The line supervisorctl prints for this error. */
    String line() {
        return "error: <class '" + pyClass + "'>, " + getMessage();
    }

    /** The Python exception supervisorctl would have seen for a failure of the client. */
    static PyError of(Throwable t) {
        if (t instanceof PyError p) {
            return p;
        }
        if (t instanceof RpcFault f) {
            return new PyError("xmlrpc.client.Fault", "<Fault " + f.code() + ": " + PyValues.repr(f.text()) + ">");
        }
        if (t instanceof HttpStatusException h) {
            return new PyError("xmlrpc.client.ProtocolError", "<ProtocolError for 127.0.0.1/RPC2: " + h.status()
                    + " " + h.reasonPhrase() + ">");
        }
        if (t instanceof ServerUnreachable u) {
            return switch (u.reason()) {
                case REFUSED -> new PyError("ConnectionRefusedError", "[Errno 111] Connection refused");
                case NO_SUCH_FILE -> new PyError("FileNotFoundError", "[Errno 2] No such file or directory");
                case UNKNOWN_HOST -> new PyError("socket.gaierror", "[Errno -2] Name or service not known");
                case OTHER -> new PyError("OSError", String.valueOf(u.getMessage()));
            };
        }
        if (t instanceof ServerUrl.UnknownProtocol || t instanceof IllegalArgumentException) {
            return new PyError("ValueError", t.getMessage());
        }
        return new PyError(t.getClass().getName(), String.valueOf(t.getMessage()));
    }
}
