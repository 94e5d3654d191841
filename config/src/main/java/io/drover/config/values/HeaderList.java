package io.drover.config.values;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A webhook's {@code headers}: {@code Name: value} pairs separated by commas, as HTTP header lines read. A value may
 * be double-quoted to hold a comma ({@code Authorization: "Bearer a, b"}); inside quotes {@code \"} and {@code \\}
 * escape. Names are HTTP tokens; a name given twice is refused (which one would win is not obvious), and so are
 * the headers the HTTP client owns (Host, Connection, Content-Length, Expect, Upgrade).
 */
public final class HeaderList {

    /** Headers the HTTP client sets itself and refuses to take from a caller. */
    private static final java.util.Set<String> RESTRICTED = java.util.Set.of("connection", "content-length", "expect",
            "host", "upgrade");

    /** RFC 9110 tchar besides letters and digits. */
    private static final String TOKEN_EXTRA = "!#$%&'*+-.^_`|~";

    private HeaderList() {
    }

    public static Map<String, String> parse(String text) throws BadValue {
        Map<String, String> out = new LinkedHashMap<>();
        int n = text.length();
        int i = 0;
        while (true) {
            i = skipSpace(text, i);
            if (i >= n) {
                return out;
            }
            int colon = text.indexOf(':', i);
            if (colon < 0) {
                throw new BadValue("expected 'Name: value' at '" + text.substring(i) + "'");
            }
            String name = text.substring(i, colon).strip();
            if (name.isEmpty() || !name.chars().allMatch(HeaderList::isTokenChar)) {
                throw new BadValue("invalid header name '" + name + "'");
            }
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                throw new BadValue("header '" + name + "' is set by the HTTP client and cannot be given");
            }
            for (String k : out.keySet()) {
                if (k.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                    throw new BadValue("header '" + name + "' given twice");
                }
            }
            i = skipSpace(text, colon + 1);
            StringBuilder value = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                i++;
                while (i < n && text.charAt(i) != '"') {
                    char c = text.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        c = text.charAt(++i);
                    }
                    value.append(c);
                    i++;
                }
                if (i >= n) {
                    throw new BadValue("no closing quote in the value of header '" + name + "'");
                }
                i = skipSpace(text, i + 1);
                if (i < n && text.charAt(i) != ',') {
                    throw new BadValue("expected ',' after the quoted value of header '" + name + "'");
                }
            } else {
                int end = text.indexOf(',', i);
                end = end < 0 ? n : end;
                value.append(text, i, end);
                i = end;
            }
            String v = value.toString().strip();
            if (v.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
                throw new BadValue("control character in the value of header '" + name + "'");
            }
            out.put(name, v);
            if (i < n) {
                i++; // the comma
            }
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isTokenChar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || TOKEN_EXTRA.indexOf(c) >= 0;
    }
}
