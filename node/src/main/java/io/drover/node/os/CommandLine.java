package io.drover.node.os;

import java.util.ArrayList;
import java.util.List;

/** Splits a command line as Python's {@code shlex.split} (POSIX mode, no comments) does for supervisord. */
final class CommandLine {

    private CommandLine() {
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inToken = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("No closing quotation");
                }
                cur.append(line, i + 1, end);
                inToken = true;
                i = end + 1;
            } else if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    // Inside double quotes shlex lets a backslash escape only " and itself (unlike sh: not $ ` newline).
                    if (d == '\\' && i + 1 < n && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                        cur.append(line.charAt(i + 1));
                        i += 2;
                    } else {
                        cur.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw new IllegalArgumentException("No closing quotation");
                }
                inToken = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new IllegalArgumentException("No escaped character");
                }
                cur.append(line.charAt(i + 1));
                inToken = true;
                i += 2;
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                // shlex's whitespace is exactly these four (not \f, \v or Unicode spaces)
                if (inToken) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    inToken = false;
                }
                i++;
            } else {
                cur.append(c);
                inToken = true;
                i++;
            }
        }
        if (inToken) {
            out.add(cur.toString());
        }
        return out;
    }
}
