package io.drover.config.ini;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A section: entries keyed by lower-cased key, in first-definition order; where the section first appeared. */
public final class IniSection {
    private final String name;
    private final Path file;
    private final int headerLine;
    private final Map<String, IniEntry> entries = new LinkedHashMap<>();
    /** Values of the file being read, still as lists of lines (joined when the file ends). */
    private final Map<String, Pending> pending = new LinkedHashMap<>();

    IniSection(String name, Path file, int headerLine) {
        this.name = name;
        this.file = file;
        this.headerLine = headerLine;
    }

    public String name() {
        return name;
    }

    /** The file whose header created this section (supervisord's {@code section_to_file}). */
    public Path file() {
        return file;
    }

    public int headerLine() {
        return headerLine;
    }

    public IniEntry entry(String key) {
        return entries.get(key);
    }

    public Map<String, IniEntry> entries() {
        return Collections.unmodifiableMap(entries);
    }

    public void put(IniEntry entry) {
        entries.put(entry.key(), entry);
    }

    void startValue(String key, String firstLine, Path src, int line) {
        Pending p = new Pending(src, line);
        p.lines.add(firstLine);
        pending.put(key, p);
        // Keeps key order as Python's dict does: a re-set key stays where it was first defined.
        entries.put(key, new IniEntry(key, firstLine, src, line));
    }

    void appendLine(String key, String text) {
        pending.get(key).lines.add(text);
    }

    void joinPending() {
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            String joined = stripTrailing(String.join("\n", e.getValue().lines));
            entries.put(e.getKey(), new IniEntry(e.getKey(), joined, e.getValue().file, e.getValue().line));
        }
        pending.clear();
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && PyText.isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    private static final class Pending {
        final Path file;
        final int line;
        final List<String> lines = new ArrayList<>();

        Pending(Path file, int line) {
            this.file = file;
            this.line = line;
        }
    }
}
