package io.drover.node.os;

/** Starts children. Thread-safe; never blocks for longer than the spawn itself. */
public interface ChildLauncher {

    /**
     * Spawns a child in its own process group (pgid = pid) with a reset signal mask and default dispositions, every
     * fd but 0-2 closed, stdout/stderr on non-blocking pipes watched by the reactor.
     *
     * @param listener called on the reactor thread for output, EOF and exit; must not block
     * @throws SpawnException when the command cannot be found or executed (supervisord's NO_FILE / NOT_EXECUTABLE
     *                        texts) or the spawn itself fails
     */
    Child spawn(SpawnRequest request, ChildListener listener) throws SpawnException;
}
