package io.drover.config.include;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Python's {@code glob.glob}: {@code *}, {@code ?} and {@code [...]} / {@code [!...]} per path component; a leading
 * dot is matched only by a pattern that starts with one; no brace groups.
 */
final class Glob {
    private Glob() {
    }

    static List<String> glob(String pattern) {
        boolean absolute = pattern.startsWith("/");
        String[] parts = pattern.split("/+");
        List<String> current = new ArrayList<>();
        current.add(absolute ? "/" : "");
        for (String part : parts) {
            if (part.isEmpty()) {
                continue;
            }
            List<String> next = new ArrayList<>();
            for (String base : current) {
                if (!hasMagic(part)) {
                    String candidate = join(base, part);
                    if (Files.exists(Path.of(candidate.isEmpty() ? "." : candidate))) {
                        next.add(candidate);
                    }
                    continue;
                }
                Pattern re = Pattern.compile(translate(part), Pattern.DOTALL);
                Path dir = Path.of(base.isEmpty() ? "." : base);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> entries = Files.list(dir)) {
                    entries.map(p -> p.getFileName().toString())
                            .filter(n -> !n.startsWith(".") || part.startsWith("."))
                            .filter(n -> re.matcher(n).matches())
                            .forEach(n -> next.add(join(base, n)));
                } catch (IOException e) {
                    // unreadable directory: no matches, as Python's glob
                }
            }
            current = next;
        }
        return current;
    }

    private static String join(String base, String name) {
        if (base.isEmpty()) return name;
        return base.endsWith("/") ? base + name : base + "/" + name;
    }

    static boolean hasMagic(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
    }

    /** {@code fnmatch.translate}. */
    static String translate(String pat) {
        StringBuilder re = new StringBuilder();
        int i = 0;
        int n = pat.length();
        while (i < n) {
            char c = pat.charAt(i++);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[') {
                int j = i;
                if (j < n && pat.charAt(j) == '!') j++;
                if (j < n && pat.charAt(j) == ']') j++;
                while (j < n && pat.charAt(j) != ']') j++;
                if (j >= n) {
                    re.append("\\[");
                } else {
                    String stuff = pat.substring(i, j);
                    i = j + 1;
                    StringBuilder cls = new StringBuilder("[");
                    int k = 0;
                    if (stuff.startsWith("!")) {
                        cls.append('^');
                        k = 1;
                    }
                    for (; k < stuff.length(); k++) {
                        char s = stuff.charAt(k);
                        if (s == '\\' || s == '[' || s == ']' || s == '&' || s == '^' && k == 0) {
                            cls.append('\\');
                        }
                        cls.append(s);
                    }
                    re.append(cls).append(']');
                }
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }
}
