package io.drover.config.ini;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The INI dialect of supervisord 4.2: Python 3's {@code RawConfigParser} with {@code inline_comment_prefixes=(';',
 * '#')} and {@code strict=False}. Full-line comments start with {@code ;} or {@code #}; an inline comment starts at a
 * {@code ;} or {@code #} preceded by whitespace; a line indented deeper than its key continues the value (blank
 * lines inside are kept, then trailing blanks dropped); keys are lower-cased; {@code =} or {@code :} separate.
 * Bad lines are collected and reported together at the end of the file, as configparser does.
 */
public final class IniParser {
    private static final String[] PREFIXES = {";", "#"};

    private IniParser() {
    }

    /** Reads {@code text} (the contents of {@code file}, named as {@code displayName} in messages) into {@code doc}. */
    public static void read(IniDocument doc, String text, Path file, String displayName) throws IniSyntaxError {
        IniSection cursect = null;
        String optname = null;
        int indentLevel = 0;
        List<Integer> badLines = new ArrayList<>();
        List<String> badTexts = new ArrayList<>();
        List<String> lines = splitLines(text);
        for (int i = 0; i < lines.size(); i++) {
            int lineno = i + 1;
            String line = lines.get(i);
            int commentStart = inlineCommentStart(line);
            String stripped = PyText.strip(line);
            for (String p : PREFIXES) {
                if (stripped.startsWith(p)) {
                    commentStart = 0;
                    break;
                }
            }
            String value = PyText.strip(commentStart < 0 ? line : line.substring(0, commentStart));
            if (value.isEmpty()) {
                if (commentStart < 0 && cursect != null && truthy(optname)) {
                    cursect.appendLine(optname, "");
                }
                continue;
            }
            int curIndent = firstNonSpace(line);
            if (cursect != null && truthy(optname) && curIndent > indentLevel) {
                cursect.appendLine(optname, value);
                continue;
            }
            indentLevel = curIndent;
            String header = sectionHeader(value);
            if (header != null) {
                cursect = doc.openSection(header, file, lineno);
                optname = null;
            } else if (cursect == null) {
                doc.joinPending();
                throw new IniSyntaxError("File contains no section headers.\nfile: " + PyText.repr(displayName)
                        + ", line: " + lineno + "\n" + PyText.repr(line), lineno);
            } else {
                int sep = separator(value);
                if (sep < 0) {
                    badLines.add(lineno);
                    badTexts.add(line);
                    continue;
                }
                String key = value.substring(0, sep);
                // configparser's "\s*" before the separator: the key ends at its last non-space.
                key = key.stripTrailing();
                if (key.isEmpty()) {
                    badLines.add(lineno);
                    badTexts.add(line);
                }
                optname = key.toLowerCase(Locale.ROOT);
                cursect.startValue(optname, PyText.strip(value.substring(sep + 1)), file, lineno);
            }
        }
        doc.joinPending();
        if (!badLines.isEmpty()) {
            StringBuilder sb = new StringBuilder("Source contains parsing errors: ").append(PyText.repr(displayName));
            for (int i = 0; i < badLines.size(); i++) {
                sb.append("\n\t[line ").append(String.format("%2d", badLines.get(i))).append("]: ")
                        .append(PyText.repr(badTexts.get(i)));
            }
            throw new IniSyntaxError(sb.toString(), badLines.get(0));
        }
    }

    /** Lines with their line ends, universal-newline style ({@code \r\n} and {@code \r} become {@code \n}). */
    static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                c = '\n';
            }
            cur.append(c);
            if (c == '\n') {
                out.add(cur.toString());
                cur.setLength(0);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    /**
     * configparser's inline-comment scan, round by round: each round finds the next occurrence of each prefix and
     * stops at the first round where one follows whitespace (so it is not always the earliest such position).
     */
    static int inlineCommentStart(String line) {
        int commentStart = Integer.MAX_VALUE;
        int[] idx = new int[PREFIXES.length];
        boolean[] live = new boolean[PREFIXES.length];
        java.util.Arrays.fill(idx, -1);
        java.util.Arrays.fill(live, true);
        boolean any = true;
        while (commentStart == Integer.MAX_VALUE && any) {
            any = false;
            for (int p = 0; p < PREFIXES.length; p++) {
                if (!live[p]) {
                    continue;
                }
                int index = line.indexOf(PREFIXES[p], idx[p] + 1);
                if (index == -1) {
                    live[p] = false;
                    continue;
                }
                any = true;
                idx[p] = index;
                if (index == 0 || PyText.isSpace(line.charAt(index - 1))) {
                    commentStart = Math.min(commentStart, index);
                }
            }
        }
        return commentStart == Integer.MAX_VALUE ? -1 : commentStart;
    }

    private static int firstNonSpace(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (!PyText.isSpace(line.charAt(i))) {
                return i;
            }
        }
        return 0;
    }

    /** {@code \[(?P<header>.+)\]} matched at the start: greedy up to the last {@code ]}. */
    private static String sectionHeader(String value) {
        if (!value.startsWith("[")) {
            return null;
        }
        int close = value.lastIndexOf(']');
        // ".+" does not cross a newline; the value is a single line here.
        if (close <= 1) {
            return null;
        }
        return value.substring(1, close);
    }

    /** {@code (?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$}: the first {@code =} or {@code :}. */
    private static int separator(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '=' || c == ':') {
                return i;
            }
        }
        return -1;
    }

    /** configparser tests the current option name for truth: after an empty key ({@code =x}) nothing continues. */
    private static boolean truthy(String optname) {
        return optname != null && !optname.isEmpty();
    }
}
