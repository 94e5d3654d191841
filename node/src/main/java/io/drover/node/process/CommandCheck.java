package io.drover.node.process;

import io.drover.node.os.SpawnRequest;
import io.drover.node.supervisor.Fault;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The check {@code startProcess} makes before touching a process (supervisord's {@code get_execv_args}): can the
 * command be split, found on the child's PATH, and executed? A refusal leaves the process's state unchanged.
 */
final class CommandCheck {

    private static final List<String> DEFAULT_PATH = List.of("/bin", "/usr/bin", "/usr/local/bin");

    private CommandCheck() {
    }

    /**
     * @param programEnv the merged {@code [supervisord]} + program environment
     * @param daemonEnv  the daemon's own environment
     * @return the fault (NO_FILE / NOT_EXECUTABLE) that startProcess answers, if any
     */
    static Optional<Fault> check(String command, Map<String, String> programEnv, Map<String, String> daemonEnv) {
        return problem(command, programEnv, daemonEnv).map(p -> Fault.of(p.code(), p.detail()));
    }

    /** Why the command cannot be run: a fault code and supervisord's message (its spawnerr). */
    record Problem(int code, String detail) {
    }

    static Optional<Problem> problem(String command, Map<String, String> programEnv, Map<String, String> daemonEnv) {
        return resolve(command, programEnv, daemonEnv).problem();
    }

    /** The check's outcome: the file and argv to spawn, or why the command cannot be run. */
    record Outcome(Optional<SpawnRequest.Executable> executable, Optional<Problem> problem) {
        static Outcome refused(int code, String detail) {
            return new Outcome(Optional.empty(), Optional.of(new Problem(code, detail)));
        }
    }

    /** The check, keeping what it found: a spawn hands it to the launcher (one PATH walk per spawn, as supervisord). */
    static Outcome resolve(String command, Map<String, String> programEnv, Map<String, String> daemonEnv) {
        List<String> argv;
        try {
            argv = SpawnRequest.split(command);
        } catch (IllegalArgumentException e) {
            return Outcome.refused(Fault.NOT_EXECUTABLE,
                    "can't parse command " + pyRepr(command) + ": " + e.getMessage());
        }
        if (argv.isEmpty()) {
            return Outcome.refused(Fault.NOT_EXECUTABLE, "command is empty");
        }
        String program = argv.get(0);
        String filename = program;
        Path found = null;
        if (program.contains("/")) {
            found = existing(program);
        } else {
            for (String dir : searchPath(programEnv, daemonEnv)) {
                // os.path.join: an empty entry is the current directory
                String candidate = dir.isEmpty() || dir.endsWith("/") ? dir + program : dir + "/" + program;
                found = existing(candidate);
                if (found != null) {
                    filename = candidate;
                    break;
                }
            }
        }
        if (found == null) {
            return Outcome.refused(Fault.NO_FILE, "can't find command " + pyRepr(filename));
        }
        PosixFileAttributes attributes = attributes(found);
        if (attributes == null ? Files.isDirectory(found) : attributes.isDirectory()) {
            return Outcome.refused(Fault.NOT_EXECUTABLE, "command at " + pyRepr(filename) + " is a directory");
        }
        File f = found.toFile();
        if (!anyExecuteBit(found, attributes)) {
            return Outcome.refused(Fault.NOT_EXECUTABLE, "command at " + pyRepr(filename) + " is not executable");
        }
        if (!f.canExecute()) {
            return Outcome.refused(Fault.NOT_EXECUTABLE, "no permission to run command " + pyRepr(filename));
        }
        return new Outcome(Optional.of(new SpawnRequest.Executable(filename, argv)), Optional.empty());
    }

    private static List<String> searchPath(Map<String, String> programEnv, Map<String, String> daemonEnv) {
        String p = programEnv.get("PATH");
        if (p != null) {
            return List.of(p.split(":", -1));
        }
        p = daemonEnv.get("PATH");
        if (p != null && !p.isEmpty()) {
            return List.of(p.split(":", -1));
        }
        return DEFAULT_PATH;
    }

    private static Path existing(String name) {
        try {
            Path p = Path.of(name);
            return Files.exists(p) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** One stat for the type and the mode bits (following links, as os.stat); null if it fails. */
    private static PosixFileAttributes attributes(Path p) {
        try {
            return Files.readAttributes(p, PosixFileAttributes.class);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static boolean anyExecuteBit(Path p, PosixFileAttributes attributes) {
        if (attributes == null) {
            return p.toFile().canExecute();
        }
        Set<PosixFilePermission> perms = attributes.permissions();
        return perms.contains(PosixFilePermission.OWNER_EXECUTE) || perms.contains(PosixFilePermission.GROUP_EXECUTE)
                || perms.contains(PosixFilePermission.OTHERS_EXECUTE);
    }

    /** Python's repr() of a str, as supervisord's messages use {@code %r}. */
    static String pyRepr(String s) {
        char quote = s.contains("'") && !s.contains("\"") ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        for (char c : s.toCharArray()) {
            if (c == quote || c == '\\') {
                sb.append('\\').append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(quote).toString();
    }
}
