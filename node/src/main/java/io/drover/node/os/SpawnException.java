package io.drover.node.os;

import java.util.Optional;

/**
 * A child could not be started. {@link #getMessage()} is supervisord's text, e.g. {@code can't find command '/x'},
 * {@code command at '/x' is not executable}, {@code command at '/x' is a directory}. For
 * {@link Kind#SPAWN_FAILED}, {@link #spawnerr(String)} builds supervisord's spawnerr for the named process.
 */
public final class SpawnException extends Exception {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** the command was not found (fault NO_FILE 20) */
        NO_FILE,
        /** found but not executable, or a directory (fault NOT_EXECUTABLE 21) */
        NOT_EXECUTABLE,
        /** fork/spawn or pipe creation failed (supervisord's spawnerr "unknown error making dispatchers ...") */
        SPAWN_FAILED
    }

    /** For SPAWN_FAILED: which step failed. */
    public enum Step { PIPES, FORK }

    private final Kind kind;
    private final Step step;
    private final String errorName;

    public SpawnException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    SpawnException(Kind kind, String message, Step step, String errorName) {
        super(message);
        this.kind = kind;
        this.step = step;
        this.errorName = errorName;
    }

    public Kind kind() {
        return kind;
    }

    /** The errno name (e.g. {@code EMFILE}) behind a SPAWN_FAILED. */
    public Optional<String> errorName() {
        return Optional.ofNullable(errorName);
    }

    /**
     * supervisord's spawnerr for this failure: the message itself for NO_FILE/NOT_EXECUTABLE; for SPAWN_FAILED e.g.
     * {@code too many open files to spawn 'name'} or {@code Too many processes in process table to spawn 'name'}.
     */
    public String spawnerr(String processName) {
        if (kind != Kind.SPAWN_FAILED || step == null) {
            return getMessage();
        }
        String quoted = "'" + processName + "'";
        if (step == Step.PIPES) {
            return "EMFILE".equals(errorName) ? "too many open files to spawn " + quoted
                    : "unknown error making dispatchers for " + quoted + ": " + errorName;
        }
        return "EAGAIN".equals(errorName) ? "Too many processes in process table to spawn " + quoted
                : "unknown error during fork for " + quoted + ": " + errorName;
    }
}
