package io.drover.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A config file that supervisord would refuse. {@link #getMessage()} reads as supervisord's message plus the file and
 * line: {@code <what> in section '<s>' (file: '<path>', line <n>)} for an error in a process's own options (the only
 * ones supervisord places, in {@code processes_from_section}), {@code <what> (file: '<path>', line <n>)} otherwise.
 */
public final class ConfigError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String reason;
    private final Optional<Path> file;
    private final int line;
    private final Optional<String> section;
    private final Optional<String> key;
    private final boolean sectionNamed;

    /** An error supervisord words without naming its section or file. */
    public ConfigError(String reason, Path file, int line, String section, String key) {
        this(reason, file, line, section, key, false);
    }

    /**
     * @param sectionNamed whether supervisord's own message ends {@code in section '<s>' (file: '<path>')}: true for
     *                     errors in a process's options, false for the daemon, servers, groups and pool-level keys
     */
    public ConfigError(String reason, Path file, int line, String section, String key, boolean sectionNamed) {
        super(format(reason, file, line, sectionNamed ? section : null));
        this.sectionNamed = sectionNamed;
        this.reason = reason;
        this.file = Optional.ofNullable(file);
        this.line = line;
        this.section = Optional.ofNullable(section);
        this.key = Optional.ofNullable(key);
    }

    /** The reason alone, e.g. {@code invalid 'autorestart' value 'sometimes'}. */
    public String reason() {
        return reason;
    }

    /** The message exactly as supervisord words it (no line number), e.g. for the CANT_REREAD fault. */
    public String supervisordMessage() {
        return sectionNamed ? format(reason, file.orElse(null), 0, section.orElse(null)) : reason;
    }

    public Optional<Path> file() {
        return file;
    }

    /** 1-based line of the offending key (or section header); 0 when unknown. */
    public int line() {
        return line;
    }

    public Optional<String> section() {
        return section;
    }

    public Optional<String> key() {
        return key;
    }

    private static String format(String reason, Path file, int line, String section) {
        StringBuilder sb = new StringBuilder(reason);
        if (section != null) {
            sb.append(" in section '").append(section).append("'");
        }
        if (file != null) {
            sb.append(" (file: '").append(file).append("'");
            if (line > 0) {
                sb.append(", line ").append(line);
            }
            sb.append(")");
        }
        return sb.toString();
    }
}
