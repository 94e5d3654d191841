package io.drover.node.os;

/**
 * Receives what a child does, on the reactor thread. Implementations hand the data to an actor (a {@code tell}) and
 * return at once: anything slow here stalls every child's output.
 */
public interface ChildListener {

    enum Stream { STDOUT, STDERR }

    /** A chunk read from the child's pipe. The array is the listener's to keep. */
    void onOutput(Stream stream, byte[] data);

    /** The pipe reached EOF (all writers closed it). */
    void onEof(Stream stream);

    /**
     * The child exited and was reaped (through its pidfd). Called after all output that was readable at exit was
     * delivered.
     */
    void onExit(ExitStatus status);
}
