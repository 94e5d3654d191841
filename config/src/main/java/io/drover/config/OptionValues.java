package io.drover.config;

import io.drover.config.ini.PyText;
import io.drover.config.values.BadValue;
import io.drover.config.values.PathValues;
import io.drover.config.values.Scalars;
import io.drover.config.values.SystemNames;
import java.nio.file.Path;

/**
 * supervisord's value checks for callers outside this module (the command line: {@code -m}, {@code -y}, {@code -e},
 * ...). Each method returns the parsed value or throws {@link IllegalArgumentException} whose message is
 * supervisord's reason, e.g. {@code 999 can not be converted to an octal type}.
 */
public final class OptionValues {
    private OptionValues() {
    }

    @FunctionalInterface
    private interface Check<T> {
        T apply() throws BadValue;
    }

    private static <T> T check(Check<T> c) {
        try {
            return c.apply();
        } catch (BadValue e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    public static int integer(String s) {
        return check(() -> Scalars.integer(s));
    }

    public static int octal(String s) {
        return check(() -> Scalars.octal(s));
    }

    public static long byteSize(String s) {
        return check(() -> Scalars.byteSize(s));
    }

    public static LogLevel logLevel(String s) {
        return check(() -> Scalars.logLevel(s));
    }

    public static Path existingDirectory(String s) {
        return check(() -> PathValues.existingDirectory(s));
    }

    /** A file path whose directory exists; returned as written (with {@code ~} expanded). */
    public static String existingDirpath(String s) {
        return check(() -> PathValues.existingDirpath(s));
    }

    /** A user name or uid that exists on this system. */
    public static String user(String s) {
        return check(() -> SystemNames.user(s));
    }

    /** Python's {@code repr()} of a string, as supervisord's messages quote values. */
    public static String repr(String s) {
        return PyText.repr(s);
    }
}
