package io.drover.http.xmlrpc.client;

import io.drover.http.xmlrpc.XmlRpcResponseWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a {@code <methodCall>} as Python's xmlrpclib does, values marshalled by the server's own writer so that
 * both directions share one encoding of strings, ints, structs and arrays.
 */
public final class XmlRpcRequestWriter {
    private XmlRpcRequestWriter() {
    }

    /**
     * @throws io.drover.http.xmlrpc.RpcInternalError for a parameter XML-RPC cannot carry (null, a long beyond 32
     *                                                bits)
     */
    public static byte[] write(String method, List<?> params) {
        StringBuilder sb = new StringBuilder(128 + params.size() * 64)
                .append("<?xml version='1.0'?>\n<methodCall>\n<methodName>");
        escape(sb, method);
        sb.append("</methodName>\n<params>\n");
        for (Object p : params) {
            sb.append("<param>\n");
            XmlRpcResponseWriter.appendValue(sb, p);
            sb.append("</param>\n");
        }
        sb.append("</params>\n</methodCall>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void escape(StringBuilder sb, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                default -> sb.append(c);
            }
        }
    }
}
