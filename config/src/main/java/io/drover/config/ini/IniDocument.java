package io.drover.config.ini;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sections read so far from one or more files, merged as Python's {@code RawConfigParser(strict=False)} merges
 * them: a repeated section adds to the first, a repeated key replaces the earlier value. {@code [DEFAULT]} supplies
 * values to every section.
 */
public final class IniDocument {
    public static final String DEFAULT_SECTION = "DEFAULT";

    private final Map<String, IniSection> sections = new LinkedHashMap<>();
    private final IniSection defaults = new IniSection(DEFAULT_SECTION, null, 0);

    public List<String> sectionNames() {
        return new ArrayList<>(sections.keySet());
    }

    public boolean hasSection(String name) {
        return sections.containsKey(name);
    }

    public IniSection section(String name) {
        return sections.get(name);
    }

    /** The entry for {@code key} (lower case) in {@code section}, falling back to {@code [DEFAULT]}. */
    public Optional<IniEntry> get(String section, String key) {
        IniSection s = sections.get(section);
        IniEntry e = s == null ? null : s.entry(key);
        if (e == null) {
            e = defaults.entry(key);
        }
        return Optional.ofNullable(e);
    }

    /** Every key of a section, defaults included, as {@code RawConfigParser.items(section)} lists them. */
    public List<IniEntry> items(String section) {
        Map<String, IniEntry> all = new LinkedHashMap<>(defaults.entries());
        IniSection s = sections.get(section);
        if (s != null) {
            all.putAll(s.entries());
        }
        return new ArrayList<>(all.values());
    }

    /** Replaces a value in place (supervisord's {@code expand_here} rewrites values this way). */
    public void set(String section, IniEntry entry) {
        sections.get(section).put(entry);
    }

    IniSection openSection(String name, Path file, int line) {
        if (DEFAULT_SECTION.equals(name)) {
            return defaults;
        }
        return sections.computeIfAbsent(name, n -> new IniSection(n, file, line));
    }

    void joinPending() {
        defaults.joinPending();
        sections.values().forEach(IniSection::joinPending);
    }
}
