package io.drover.config.values;

import io.drover.config.LogTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** supervisord's path types: {@code existing_directory}, {@code existing_dirpath}, {@code logfile_name}. */
public final class PathValues {
    private PathValues() {
    }

    /** {@code os.path.expanduser}: a leading {@code ~} or {@code ~/}. */
    public static String expandUser(String v) {
        if (v.equals("~") || v.startsWith("~/")) {
            String home = System.getenv("HOME");
            if (home == null) {
                home = System.getProperty("user.home");
            }
            return home + v.substring(1);
        }
        return v;
    }

    public static Path existingDirectory(String v) throws BadValue {
        String nv = expandUser(v);
        if (!nv.isEmpty() && Files.isDirectory(Path.of(nv))) {
            return Path.of(nv);
        }
        throw new BadValue(v + " is not an existing directory");
    }

    /** A file path whose directory part (if any) exists. */
    public static String existingDirpath(String v) throws BadValue {
        String nv = expandUser(v);
        int slash = nv.lastIndexOf('/');
        if (slash < 0) {
            return nv;
        }
        String dir = slash == 0 ? "/" : nv.substring(0, slash);
        if (Files.isDirectory(Path.of(dir))) {
            return nv;
        }
        throw new BadValue("The directory named as part of the path " + v + " does not exist");
    }

    /** {@code logfile_name}: NONE/OFF, AUTO, syslog, else a path whose directory exists; empty means no log. */
    public static LogTarget logfile(String v) throws BadValue {
        String coerced = v.toLowerCase(Locale.ROOT);
        return switch (coerced) {
            case "none", "off" -> new LogTarget.None();
            case "auto" -> new LogTarget.Auto();
            case "syslog" -> new LogTarget.Syslog();
            default -> {
                String path = existingDirpath(v);
                yield path.isEmpty() ? new LogTarget.None() : new LogTarget.File(Path.of(path));
            }
        };
    }

    /** supervisord's {@code normalize_path}: expanduser, absolute against the working directory, normalised. */
    public static Path normalize(String v) {
        return Path.of(expandUser(v)).toAbsolutePath().normalize();
    }
}
