package io.drover.http.xmlrpc;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
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
        // a process struct is ~1.3 kB: size big answers (getAllProcessInfo) up front instead of regrowing
        int capacity = value instanceof List<?> list ? 128 + Math.min(list.size(), 100_000) * 1400 : 512;
        StringBuilder sb = new StringBuilder(capacity).append(HEADER).append("<params>\n<param>\n");
        value(sb, value);
        sb.append("</param>\n</params>\n").append(FOOTER);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A fault response: {@code <fault>} with the struct {faultCode, faultString}. */
    public static byte[] fault(int code, String text) {
        StringBuilder sb = new StringBuilder(300).append(HEADER).append("<fault>\n");
        value(sb, faultStruct(code, text));
        sb.append("</fault>\n").append(FOOTER);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] fault(RpcFault f) {
        return fault(f.code(), f.text());
    }

    /** The struct system.multicall reports for a failed call. */
    public static Map<String, Object> faultStruct(int code, String text) {
        Map<String, Object> m = new java.util.LinkedHashMap<>(4);
        m.put("faultCode", code);
        m.put("faultString", text);
        return m;
    }

    /**
     * Appends one {@code <value>} as xmlrpclib marshals it (shared with droverctl's request writer).
     *
     * @throws RpcInternalError for a value XML-RPC cannot carry
     */
    public static void appendValue(StringBuilder sb, Object v) {
        value(sb, v);
    }

    private static void value(StringBuilder sb, Object v) {
        if (v instanceof String s) {
            sb.append("<value><string>");
            escape(sb, s);
            sb.append("</string></value>\n");
        } else if (v instanceof Boolean b) {
            sb.append("<value><boolean>").append(b ? '1' : '0').append("</boolean></value>\n");
        } else if (v instanceof Integer i) {
            sb.append("<value><int>").append(i.intValue()).append("</int></value>\n");
        } else if (v instanceof Long l) {
            if (l > Integer.MAX_VALUE || l < Integer.MIN_VALUE) {
                throw new RpcInternalError("int exceeds XML-RPC limits");
            }
            sb.append("<value><int>").append(l.longValue()).append("</int></value>\n");
        } else if (v instanceof BigInteger b) {
            if (b.compareTo(MAXINT) > 0 || b.compareTo(MININT) < 0) {
                throw new RpcInternalError("int exceeds XML-RPC limits");
            }
            sb.append("<value><int>").append(b).append("</int></value>\n");
        } else if (v instanceof Double d) {
            sb.append("<value><double>").append(PyValues.reprDouble(d)).append("</double></value>\n");
        } else if (v instanceof List<?> list) {
            sb.append("<value><array><data>\n");
            for (Object item : list) {
                value(sb, item);
            }
            sb.append("</data></array></value>\n");
        } else if (v instanceof Map<?, ?> map) {
            sb.append("<value><struct>\n");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!(e.getKey() instanceof String key)) {
                    throw new RpcInternalError("dictionary key must be string");
                }
                sb.append("<member>\n<name>");
                escape(sb, key);
                sb.append("</name>\n");
                value(sb, e.getValue());
                sb.append("</member>\n");
            }
            sb.append("</struct></value>\n");
        } else if (v instanceof byte[] bytes) {
            sb.append("<value><base64>\n").append(encodeBase64Lines(bytes)).append("</base64></value>\n");
        } else if (v instanceof LocalDateTime t) {
            sb.append("<value><dateTime.iso8601>").append(ISO8601.format(t)).append("</dateTime.iso8601></value>\n");
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
