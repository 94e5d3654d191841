package io.drover.node.os;

/**
 * A child could not be started. {@link #getMessage()} is supervisord's text, e.g. {@code can't find command '/x'},
 * {@code command at '/x' is not executable}, {@code command at '/x' is a directory}.
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

    private final Kind kind;

    public SpawnException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
