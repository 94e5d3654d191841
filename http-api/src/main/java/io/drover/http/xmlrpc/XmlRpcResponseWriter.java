package io.drover.http.xmlrpc;

import java.math.BigInteger;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code <methodResponse>} bodies byte for byte as supervisord's Python xmlrpclib does (same line breaks,
 * same escaping of {@code & < >} only, same struct member order).
 */
public final class XmlRpcResponseWriter {
    private static final String HEADER = "<?xml version='1.0'?>\n<methodResponse>\n";
    private static final String FOOTER = "</methodResponse>\n";
    private static final DateTimeFormatter ISO8601 = DateTimeFormatter.ofPattern("yyyyMMdd'T'HH:mm:ss");
    private static final BigInteger MAXINT = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger MININT = BigInteger.valueOf(Integer.MIN_VALUE);

    private XmlRpcResponseWriter() {
    }

    /**
     * A successful response carrying one value.
     *
     * @throws RpcInternalError for a value XML-RPC cannot carry (null, an int beyond 32 bits), as xmlrpclib refuses
     */
    public static byte[] success(Object value) {
        return successBody(value).toByteArray();
    }

    /** As {@link #success}, without copying the body out of its buffer. */
    public static ResponseBuffer successBody(Object value) {
        // a process struct is ~1.1 kB: size big answers (getAllProcessInfo) up front instead of regrowing
        int capacity = value instanceof List<?> list ? 128 + Math.min(list.size(), 100_000) * 1200 : 512;
        ResponseBuffer out = new ResponseBuffer(capacity).ascii(HEADER).ascii("<params>\n<param>\n");
        value(out, value);
        return out.ascii("</param>\n</params>\n").ascii(FOOTER);
    }

    /** A fault response: {@code <fault>} with the struct {faultCode, faultString}. */
    public static byte[] fault(int code, String text) {
        return faultBody(code, text).toByteArray();
    }

    public static byte[] fault(RpcFault f) {
        return fault(f.code(), f.text());
    }

    /** As {@link #fault(int, String)}, without copying the body out of its buffer. */
    public static ResponseBuffer faultBody(int code, String text) {
        ResponseBuffer out = new ResponseBuffer(300).ascii(HEADER).ascii("<fault>\n");
        value(out, faultStruct(code, text));
        return out.ascii("</fault>\n").ascii(FOOTER);
    }

    /** The struct system.multicall reports for a failed call. */
    public static Map<String, Object> faultStruct(int code, String text) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(4);
        m.put("faultCode", code);
        m.put("faultString", text);
        return m;
    }

    /**
     * A {@code <methodCall>} as xmlrpclib writes it (droverctl's requests): both directions share one marshalling
     * of strings, ints, structs and arrays.
     *
     * @throws RpcInternalError for a parameter XML-RPC cannot carry (null, a long beyond 32 bits)
     */
    public static byte[] methodCall(String method, List<?> params) {
        ResponseBuffer out = new ResponseBuffer(128 + params.size() * 64)
                .ascii("<?xml version='1.0'?>\n<methodCall>\n<methodName>").escaped(method)
                .ascii("</methodName>\n<params>\n");
        for (Object p : params) {
            out.ascii("<param>\n");
            value(out, p);
            out.ascii("</param>\n");
        }
        return out.ascii("</params>\n</methodCall>\n").toByteArray();
    }

    private static void value(ResponseBuffer out, Object v) {
        if (v instanceof String s) {
            out.ascii("<value><string>").escaped(s).ascii("</string></value>\n");
        } else if (v instanceof Boolean b) {
            out.ascii("<value><boolean>").ascii(b ? '1' : '0').ascii("</boolean></value>\n");
        } else if (v instanceof Integer i) {
            out.ascii("<value><int>").number(i).ascii("</int></value>\n");
        } else if (v instanceof Long l) {
            if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
                throw new RpcInternalError("int exceeds XML-RPC limits");
            }
            out.ascii("<value><int>").number(l).ascii("</int></value>\n");
        } else if (v instanceof BigInteger b) {
            if (b.compareTo(MAXINT) > 0 || b.compareTo(MININT) < 0) {
                throw new RpcInternalError("int exceeds XML-RPC limits");
            }
            out.ascii("<value><int>").ascii(b.toString()).ascii("</int></value>\n");
        } else if (v instanceof Double d) {
            out.ascii("<value><double>").ascii(PyValues.reprDouble(d)).ascii("</double></value>\n");
        } else if (v instanceof List<?> list) {
            out.ascii("<value><array><data>\n");
            for (Object item : list) {
                value(out, item);
            }
            out.ascii("</data></array></value>\n");
        } else if (v instanceof FixedStruct struct) {
            out.ascii("<value><struct>\n");
            for (int i = 0, n = struct.size0(); i < n; i++) {
                out.ascii("<member>\n<name>").escaped(struct.key(i)).ascii("</name>\n");
                value(out, struct.value(i));
                out.ascii("</member>\n");
            }
            out.ascii("</struct></value>\n");
        } else if (v instanceof Map<?, ?> map) {
            out.ascii("<value><struct>\n");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new RpcInternalError("dictionary key must be string");
                }
                out.ascii("<member>\n<name>").escaped(key).ascii("</name>\n");
                value(out, e.getValue());
                out.ascii("</member>\n");
            }
            out.ascii("</struct></value>\n");
        } else if (v instanceof byte[] bytes) {
            out.ascii("<value><base64>\n").ascii(encodeBase64Lines(bytes)).ascii("</base64></value>\n");
        } else if (v instanceof LocalDateTime t) {
            out.ascii("<value><dateTime.iso8601>").ascii(ISO8601.format(t)).ascii("</dateTime.iso8601></value>\n");
        } else if (v == null) {
            throw new RpcInternalError("cannot marshal None unless allow_none is enabled");
        } else {
            throw new RpcInternalError("cannot marshal " + v.getClass().getName() + " objects");
        }
    }

    /** Python's base64.encodebytes: lines of at most 76 characters, each ending in a newline. */
    private static String encodeBase64Lines(byte[] bytes) {
        String all = Base64.getEncoder().encodeToString(bytes);
        StringBuilder sb = new StringBuilder(all.length() + all.length() / 76 + 1);
        for (int i = 0; i < all.length(); i += 76) {
            sb.append(all, i, Math.min(all.length(), i + 76)).append('\n');
        }
        return sb.toString();
    }
}
