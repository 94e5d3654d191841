package io.drover.http.xmlrpc.client;

import io.drover.http.xmlrpc.XmlRpcResponseWriter;
import java.util.List;

/** Writes a {@code <methodCall>} as Python's xmlrpclib does, with the server's own marshalling of values. */
public final class XmlRpcRequestWriter {
    private XmlRpcRequestWriter() {
    }

    /**
     * @throws io.drover.http.xmlrpc.RpcInternalError for a parameter XML-RPC cannot carry (null, a long beyond 32
     *                                                bits)
     */
    public static byte[] write(String method, List<?> params) {
        return XmlRpcResponseWriter.methodCall(method, params);
    }
}
