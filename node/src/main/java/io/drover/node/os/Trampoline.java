package io.drover.node.os;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What posix_spawn actually executes. Without {@code user=} and {@code umask=} that is the program itself (chdir as a
 * spawn file action). Otherwise a shell that sets the umask (and, for {@code user=}, the directory, as the user —
 * supervisord changes directory after dropping privileges) and then {@code exec}s the program, so the pid stays the
 * program's; {@code user=} runs that shell under util-linux {@code setpriv --reuid --regid --init-groups}, which also
 * exec's (real, effective and saved ids all become the user's; supplementary groups from initgroups(3), as
 * supervisord's setgroups of the user's /etc/group memberships). argv[0] as written: dash's {@code exec "$@"} when it
 * equals the file name, else bash's {@code exec -a}; bash as well for the chdir step (it names the errno).
 */
final class Trampoline {

    static final String SETPRIV = "/usr/bin/setpriv";
    static final String SH = "/bin/sh";
    static final String BASH = "/bin/bash";

    /** The file to spawn, its argv, and the directory for the chdir file action (if done by posix_spawn). */
    record Plan(String path, List<String> argv, Optional<String> chdir) {
    }

    /**
     * chdir as the user, in bash; on failure supervisord's two lines with the errno name, taken from bash's own
     * (C locale) strerror text of the failed {@code cd}.
     */
    private static final String CHDIR_STEP = "cd -- \"$1\" 2>/dev/null || { m=$(LC_ALL=C; cd -- \"$1\" 2>&1); "
            + "case \"$m\" in *'Permission denied') e=EACCES;; *'Not a directory') e=ENOTDIR;; "
            + "*'No such file or directory') e=ENOENT;; *'Too many levels of symbolic links') e=ELOOP;; "
            + "*'File name too long') e=ENAMETOOLONG;; *) e=${m##*: };; esac; "
            + "printf 'supervisor: couldn'\\''t chdir to %s: %s\\nsupervisor: child process was not spawned\\n' "
            + "\"$1\" \"$e\" >&2; exit 127; }; ";

    private Trampoline() {
    }

    static Plan plan(SpawnRequest.Executable command, Optional<String> directory, Optional<Integer> umask,
            Optional<UserIds> user) {
        if (umask.isEmpty() && user.isEmpty()) {
            return new Plan(command.filename(), command.argv(), directory);
        }
        String argv0 = command.argv().get(0);
        // A file found through an empty PATH entry has no slash; the shell must not search PATH for it again.
        String file = command.filename().contains("/") ? command.filename() : "./" + command.filename();
        boolean sameName = argv0.equals(file);
        StringBuilder script = new StringBuilder();
        List<String> positional = new ArrayList<>();
        positional.add(argv0);
        boolean chdirInShell = user.isPresent() && directory.isPresent();
        if (chdirInShell) {
            script.append(CHDIR_STEP).append("shift; ");
            positional.add(directory.get());
        }
        umask.ifPresent(mask -> script.append("umask ").append(String.format("%04o", mask)).append(" && "));
        script.append(sameName ? "exec \"$@\"" : "exec -a \"$0\" \"$@\"");
        positional.add(file);
        positional.addAll(command.argv().subList(1, command.argv().size()));

        String shell = sameName && !chdirInShell ? SH : BASH;
        List<String> argv = new ArrayList<>();
        if (user.isPresent()) {
            UserIds ids = user.get();
            argv.addAll(List.of(SETPRIV, "--reuid=" + ids.uid(), "--regid=" + ids.gid(), "--init-groups", "--"));
        }
        argv.add(shell);
        argv.add("-c");
        argv.add(script.toString());
        argv.addAll(positional);
        Optional<String> chdir = chdirInShell ? Optional.empty() : directory;
        return new Plan(argv.get(0), argv, chdir);
    }

    /** A child that only prints supervisord's failure lines to its stderr and exits 127, as supervisord's would. */
    static Plan failureReport(String firstLine) {
        return new Plan(SH, List.of("sh", "-c", "printf '%s\\n' \"$@\" >&2; exit 127", "sh", firstLine,
                "supervisor: child process was not spawned"), Optional.empty());
    }
}
