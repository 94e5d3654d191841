package io.drover.config.values;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code dict_of_key_value_pairs}: {@code KEY=val,KEY2="v, with comma"}. Tokenised as Python's non-POSIX
 * {@code shlex} with {@code /.+-():} added to the word characters: quoted strings keep their quotes (then stripped
 * from the value), {@code #} starts a comment, any other character is a token of its own.
 */
public final class KeyValuePairs {
    private static final String WORD_EXTRA = "/.+-():";

    private KeyValuePairs() {
    }

    public static Map<String, String> parse(String arg) throws BadValue {
        List<String> tokens = tokens(arg);
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < tokens.size()) {
            if (i + 3 > tokens.size() || !tokens.get(i + 1).equals("=")) {
                throw new BadValue("Unexpected end of key/value pairs in value '" + arg + "'");
            }
            out.put(tokens.get(i), stripQuotes(tokens.get(i + 2)));
            i += 4;
        }
        return out;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || WORD_EXTRA.indexOf(c) >= 0;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    static List<String> tokens(String s) throws BadValue {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (isSpace(c)) {
                i++;
            } else if (c == '#') {
                while (i < n && s.charAt(i) != '\n') i++;
            } else if (isWordChar(c)) {
                int start = i;
                while (i < n && (isWordChar(s.charAt(i)) || s.charAt(i) == '\'' || s.charAt(i) == '"')) i++;
                out.add(s.substring(start, i));
                // a '#' right after a word starts a comment too; handled by the loop
            } else if (c == '\'' || c == '"') {
                int close = s.indexOf(c, i + 1);
                if (close < 0) {
                    throw new BadValue("No closing quotation");
                }
                out.add(s.substring(i, close + 1));
                i = close + 1;
            } else {
                out.add(String.valueOf(c));
                i++;
            }
        }
        return out;
    }

    private static String stripQuotes(String v) {
        int start = 0;
        int end = v.length();
        while (start < end && (v.charAt(start) == '\'' || v.charAt(start) == '"')) start++;
        while (end > start && (v.charAt(end - 1) == '\'' || v.charAt(end - 1) == '"')) end--;
        return v.substring(start, end);
    }
}
