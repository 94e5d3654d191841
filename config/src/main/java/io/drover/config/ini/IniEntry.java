package io.drover.config.ini;

import java.nio.file.Path;

/** One {@code key = value} as the INI dialect left it (comments stripped, continuation lines joined). */
public record IniEntry(String key, String value, Path file, int line) {
    public IniEntry withValue(String newValue) {
        return new IniEntry(key, newValue, file, line);
    }
}
