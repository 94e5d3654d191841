package io.drover.node.os;

import io.drover.config.ini.PyText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a command line into the file to execute and its argv, as supervisord's {@code get_execv_args}: shell-like
 * split, a program containing {@code /} is taken as is, a bare name is searched on the PATH of the child's
 * environment (else the daemon's PATH, else {@code /bin:/usr/bin:/usr/local/bin}); the first existing entry wins
 * even if it is a directory or not executable, and is then rejected with supervisord's texts.
 */
public final class CommandResolver {

    private static final List<String> DEFAULT_PATH = List.of("/bin", "/usr/bin", "/usr/local/bin");

    private CommandResolver() {
    }

    /** With the daemon's own environment as this JVM has it. */
    static SpawnRequest.Executable resolve(String command, Map<String, String> environment) throws SpawnException {
        return resolve(command, environment, System.getenv());
    }

    /**
     * @param environment       the child's environment (its PATH is searched first)
     * @param daemonEnvironment the daemon's own (its PATH, if not empty, is the fallback)
     * @throws SpawnException NO_FILE or NOT_EXECUTABLE with supervisord's text
     */
    public static SpawnRequest.Executable resolve(String command, Map<String, String> environment,
                                                  Map<String, String> daemonEnvironment) throws SpawnException {
        List<String> argv;
        try {
            argv = CommandLine.split(command);
        } catch (IllegalArgumentException e) {
            throw new SpawnException(SpawnException.Kind.NOT_EXECUTABLE,
                    "can't parse command " + PyText.repr(command) + ": " + e.getMessage());
        }
        if (argv.isEmpty()) {
            throw new SpawnException(SpawnException.Kind.NOT_EXECUTABLE, "command is empty");
        }
        String program = argv.get(0);
        String filename = program;
        Integer mode = null;
        if (program.contains("/")) {
            mode = statMode(program);
        } else {
            for (String dir : searchPath(environment, daemonEnvironment)) {
                String candidate = join(dir, program);
                mode = statMode(candidate);
                if (mode != null) {
                    filename = candidate;
                    break;
                }
            }
        }
        check(filename, mode);
        return new SpawnRequest.Executable(filename, List.copyOf(argv));
    }

    private static void check(String filename, Integer mode) throws SpawnException {
        if (mode == null) {
            throw new SpawnException(SpawnException.Kind.NO_FILE, "can't find command " + PyText.repr(filename));
        }
        if ((mode & 0170000) == 0040000) {
            throw new SpawnException(SpawnException.Kind.NOT_EXECUTABLE,
                    "command at " + PyText.repr(filename) + " is a directory");
        }
        if ((mode & 0111) == 0) {
            throw new SpawnException(SpawnException.Kind.NOT_EXECUTABLE,
                    "command at " + PyText.repr(filename) + " is not executable");
        }
        if (Native.LIBC.access(filename, Native.X_OK) != 0) {
            throw new SpawnException(SpawnException.Kind.NOT_EXECUTABLE,
                    "no permission to run command " + PyText.repr(filename));
        }
    }

    private static List<String> searchPath(Map<String, String> environment, Map<String, String> daemonEnvironment) {
        String childPath = environment.get("PATH");
        if (childPath != null) {
            return Arrays.asList(childPath.split(":", -1));
        }
        String daemonPath = daemonEnvironment.get("PATH");
        if (daemonPath != null && !daemonPath.isEmpty()) {
            return Arrays.asList(daemonPath.split(":", -1));
        }
        return DEFAULT_PATH;
    }

    /** os.path.join(dir, name) for a name without a leading slash. */
    private static String join(String dir, String name) {
        if (dir.isEmpty() || dir.endsWith("/")) {
            return dir + name;
        }
        return dir + "/" + name;
    }

    /** st_mode's type and execute bits (following symlinks), or null when stat fails. */
    private static Integer statMode(String file) {
        if (Native.LIBC.access(file, Native.F_OK) != 0) {
            return null; // a PATH miss without an exception: an autostart pass walks the PATH per program
        }
        try {
            // The type and execute bits are all the checks need; a typed read skips the attribute-name parsing and
            // the map of getAttribute("unix:mode") (it ran for every spawn).
            PosixFileAttributes a = Files.readAttributes(Path.of(file), PosixFileAttributes.class);
            Set<PosixFilePermission> p = a.permissions();
            int mode = a.isDirectory() ? 0040000 : 0100000;
            mode |= p.contains(PosixFilePermission.OWNER_EXECUTE) ? 0100 : 0;
            mode |= p.contains(PosixFilePermission.GROUP_EXECUTE) ? 0010 : 0;
            mode |= p.contains(PosixFilePermission.OTHERS_EXECUTE) ? 0001 : 0;
            return mode;
        } catch (IOException | InvalidPathException | UnsupportedOperationException e) {
            return null;
        }
    }
}
