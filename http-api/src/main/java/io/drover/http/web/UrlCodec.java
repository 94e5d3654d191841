package io.drover.http.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * URL encoding as supervisord's web UI does it with Python's {@code urllib}: {@link #quote} is
 * {@code quote(s, safe='/')} (links and the redirect's {@code message=}); {@link #parsePairs} is {@code parse_qsl}
 * (blank values dropped, {@code +} is a space, a malformed {@code %} escape stays as written).
 */
final class UrlCodec {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlCodec() {
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == '-' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** {@code name=value} pairs of a query string or form body, in order. */
    static List<Map.Entry<String, String>> parsePairs(String query) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String part : query.split("&")) {
            int eq = part.indexOf('=');
            if (eq < 0 || eq == part.length() - 1) {
                continue; // no value, or a blank one: parse_qsl leaves it out
            }
            pairs.add(Map.entry(unquotePlus(part.substring(0, eq)), unquotePlus(part.substring(eq + 1))));
        }
        return pairs;
    }

    static String unquotePlus(String s) {
        String t = s.replace('+', ' ');
        if (t.indexOf('%') < 0) {
            return t;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(t.length());
        byte[] raw = t.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                bytes.write(hex(raw[i + 1]) << 4 | hex(raw[i + 2]));
                i += 2;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8); // malformed UTF-8 becomes U+FFFD, as errors='replace'
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
