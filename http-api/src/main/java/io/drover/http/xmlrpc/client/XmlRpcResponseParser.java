package io.drover.http.xmlrpc.client;

import io.drover.http.xmlrpc.MalformedRequestException;
import io.drover.http.xmlrpc.PyValues;
import io.drover.http.xmlrpc.RpcFault;
import io.drover.http.xmlrpc.XmlRpcRequestParser;
import java.util.Map;

/**
 * Reads a {@code <methodResponse>} with the server's hardened decoder (no DTD, no entities, bounded depth): the
 * single result value, or the fault as an {@link RpcFault}. The body size is bounded by the transport.
 */
public final class XmlRpcResponseParser {
    private XmlRpcResponseParser() {
    }

    /**
     * @return the response's value (String, Integer, Boolean, Double, List, Map, …)
     * @throws RpcFault                   when the server answered with a fault
     * @throws MalformedResponseException when the body is not a well-formed methodResponse
     */
    public static Object parse(byte[] body) throws MalformedResponseException {
        XmlRpcRequestParser.Document doc;
        try {
            doc = XmlRpcRequestParser.decode(body);
        } catch (MalformedRequestException e) {
            throw new MalformedResponseException(e.getMessage(), e);
        }
        if (!"methodResponse".equals(doc.root())) {
            throw new MalformedResponseException("expected <methodResponse>, got <" + doc.root() + ">");
        }
        if (doc.fault() != null) {
            if (!(doc.fault() instanceof Map<?, ?> f) || !f.containsKey("faultCode")
                    || !f.containsKey("faultString")) {
                throw new MalformedResponseException("a fault without faultCode and faultString");
            }
            Object code = f.get("faultCode");
            if (!(code instanceof Integer c)) {
                throw new MalformedResponseException("faultCode is not an int: " + PyValues.repr(code));
            }
            throw new RpcFault(c, PyValues.str(f.get("faultString")));
        }
        if (doc.params() == null || doc.params().size() != 1) {
            throw new MalformedResponseException("a methodResponse must carry exactly one value");
        }
        return doc.params().get(0);
    }
}
