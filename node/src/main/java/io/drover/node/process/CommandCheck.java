package io.drover.node.process;

import io.drover.node.os.CommandResolver;
import io.drover.node.os.SpawnException;
import io.drover.node.os.SpawnRequest;
import io.drover.node.supervisor.Fault;
import java.util.Map;
import java.util.Optional;

/**
 * The check {@code startProcess} makes before touching a process (supervisord's {@code get_execv_args}, done by the
 * OS layer's {@link CommandResolver}): can the command be split, found on the child's PATH, and executed? A refusal
 * leaves the process's state unchanged.
 */
final class CommandCheck {

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
        try {
            return new Outcome(Optional.of(CommandResolver.resolve(command, programEnv, daemonEnv)), Optional.empty());
        } catch (SpawnException e) {
            return Outcome.refused(e.kind() == SpawnException.Kind.NO_FILE ? Fault.NO_FILE : Fault.NOT_EXECUTABLE,
                    e.getMessage());
        }
    }
}
