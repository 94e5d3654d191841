package io.drover.config.sections;

import io.drover.config.ConfigError;
import io.drover.config.expand.Expander;
import io.drover.config.ini.IniDocument;
import io.drover.config.ini.IniEntry;
import io.drover.config.ini.IniSection;
import io.drover.config.values.BadValue;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the keys of one section as supervisord's {@code saneget} does (expanding against the parser-wide names plus
 * the section's own), and turns a refused value into a {@link ConfigError} that names the key's file and line.
 */
public final class SectionReader {
    private final IniDocument doc;
    private final String section;
    private final Map<String, Object> parserNames;
    private final Path fallbackFile;
    private final boolean processOptions;

    /** A value as read: {@code text} is null when the key is absent and there is no default. */
    public record Opt(String key, String text, boolean present, Path file, int line) {
    }

    /** A conversion that may refuse its input. */
    @FunctionalInterface
    public interface Conversion<T> {
        T apply(String text) throws BadValue;
    }

    /**
     * @param parserNames  the live parser-wide names ({@code ENV_*}, grown by {@code [supervisord] environment})
     * @param fallbackFile the main config file, for sections read from it
     */
    public SectionReader(IniDocument doc, String section, Map<String, Object> parserNames, Path fallbackFile) {
        this(doc, section, parserNames, fallbackFile, false);
    }

    /** @param processOptions errors are a process's own options, which supervisord's message places in the section */
    public SectionReader(IniDocument doc, String section, Map<String, Object> parserNames, Path fallbackFile,
            boolean processOptions) {
        this.processOptions = processOptions;
        this.doc = doc;
        this.section = section;
        this.parserNames = parserNames;
        this.fallbackFile = fallbackFile;
    }

    public String section() {
        return section;
    }

    public boolean has(String key) {
        return doc.get(section, key).isPresent();
    }

    /** The raw value (no expansion), or {@code dflt}. */
    public Opt raw(String key, String dflt) {
        Optional<IniEntry> e = doc.get(section, key);
        if (e.isPresent()) {
            return new Opt(key, e.get().value(), true, e.get().file(), e.get().line());
        }
        return new Opt(key, dflt, false, sectionFile(), headerLine());
    }

    /** The value expanded against the parser-wide names plus {@code names} (which win). */
    public Opt get(String key, String dflt, Map<String, Object> names) {
        Opt o = raw(key, dflt);
        if (o.text() == null || o.text().indexOf('%') < 0) {
            return o; // nothing to expand: skip building the names (a large config reads ~35 keys per program)
        }
        Map<String, Object> combined = new HashMap<>(parserNames);
        combined.putAll(names);
        return new Opt(key, expand(o, o.text(), combined, section + "." + key), o.present(), o.file(), o.line());
    }

    /** Expands {@code text} (read from {@code o}) as supervisord's explicit {@code expand(s, names, what)} calls. */
    public String expand(Opt o, String text, Map<String, Object> names, String what) {
        try {
            return Expander.expand(text, names, what);
        } catch (BadValue e) {
            throw error(o, e.getMessage());
        }
    }

    public <T> T convert(Opt o, Conversion<T> conversion) {
        try {
            return conversion.apply(o.text());
        } catch (BadValue e) {
            throw error(o, e.getMessage());
        }
    }

    /** An error at the key {@code o} came from (or the section header when the key is absent). */
    public ConfigError error(Opt o, String reason) {
        return new ConfigError(reason, o.file(), o.line(), section, o.present() ? o.key() : null, processOptions);
    }

    /** An error about the section as a whole, at its header. */
    public ConfigError error(String reason) {
        return new ConfigError(reason, sectionFile(), headerLine(), section, null, processOptions);
    }

    public Path sectionFile() {
        IniSection s = doc.section(section);
        return s != null && s.file() != null ? s.file() : fallbackFile;
    }

    private int headerLine() {
        IniSection s = doc.section(section);
        return s == null ? 0 : s.headerLine();
    }
}
