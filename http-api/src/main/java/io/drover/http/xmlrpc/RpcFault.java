package io.drover.http.xmlrpc;

/**
 * A fault an RPC method reports to its caller as an XML-RPC {@code <fault>} (HTTP 200).
 * Carries no stack trace: it is an answer, not a bug.
 */
public final class RpcFault extends RuntimeException {
    private final int code;
    private final String text;

    public RpcFault(int code, String text) {
        super(text, null, false, false);
        this.code = code;
        this.text = text;
    }

    public int code() {
        return code;
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return "RpcFault[code=" + code + ", text=" + text + "]";
    }
}
