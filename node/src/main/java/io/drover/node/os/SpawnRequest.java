package io.drover.node.os;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What to run and how.
 *
 * @param command        the command line as written in the config; split shell-like (as Python's shlex) by the
 *                       launcher; a bare name is searched on the child's PATH; argv[0] is passed as written
 * @param environment    the child's complete environment (already merged by the caller: supervisord passes its own
 *                       environment plus SUPERVISOR_ENABLED/PROCESS_NAME/GROUP_NAME/SERVER_URL plus the program's
 *                       {@code environment=}; it sets no HOME/USER/LOGNAME/SHELL, not even for {@code user=}).
 *                       Passed exactly; PATH in it is the one searched for a bare command name
 * @param directory      chdir before exec; a failure makes the child print
 *                       {@code supervisor: couldn't chdir to <dir>: ENOENT} to stderr and exit 127, as supervisord
 * @param umask          set in the child before exec
 * @param user           run as this user (name or uid; its primary group and /etc/group memberships), keeping the
 *                       pid; the directory is then entered as that user, as supervisord does
 * @param redirectStderr stderr goes to the stdout pipe
 * @param stdinFd        an fd to dup onto the child's 0 (an fcgi socket); empty: a pipe the caller can write to
 * @param resolved       the file and argv the caller has just resolved {@code command} to (supervisord's
 *                       {@code get_execv_args}, checked before the logs are opened): the launcher then does not walk
 *                       the PATH a second time; empty: the launcher resolves
 * @param discarded      streams nothing reads (the caller drops their bytes): the child gets a pipe all the same,
 *                       one shared by all such streams, whose bytes the launcher drops (the daemon holds no fd for it
 *                       per child); a discarded stdout takes stderr with it when {@code redirectStderr}
 */
public record SpawnRequest(
        String command,
        Map<String, String> environment,
        Optional<Path> directory,
        Optional<Integer> umask,
        Optional<String> user,
        boolean redirectStderr,
        Optional<Integer> stdinFd,
        Optional<Executable> resolved,
        Set<ChildListener.Stream> discarded) {

    /** A command resolved: the file to execute and the argv (argv[0] as written). */
    public record Executable(String filename, List<String> argv) {
        public Executable {
            argv = List.copyOf(argv);
        }
    }

    public SpawnRequest {
        environment = Map.copyOf(environment);
        discarded = discarded.isEmpty() ? Set.of() : Set.copyOf(discarded);
    }

    /** A request whose command the launcher resolves. */
    public SpawnRequest(String command, Map<String, String> environment, Optional<Path> directory,
            Optional<Integer> umask, Optional<String> user, boolean redirectStderr, Optional<Integer> stdinFd) {
        this(command, environment, directory, umask, user, redirectStderr, stdinFd, Optional.empty(), Set.of());
    }

    /** The argv a command line splits into (shell-like, as supervisord's shlex.split). */
    public static List<String> split(String command) {
        return CommandLine.split(command);
    }
}
