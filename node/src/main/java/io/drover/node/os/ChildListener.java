package io.drover.node.os;

/**
 * Receives what a child does, on the reactor thread. Implementations hand the data to an actor (a {@code tell}) and
 * return at once: anything slow here stalls every child's output.
 */
public interface ChildListener {

    enum Stream { STDOUT, STDERR }

    /**
     * Whether this stream's pipe goes to the listener as an {@link OutputPipe} (it moves the bytes itself, see
     * {@link #onReadable}) instead of being read into chunks for {@link #onOutput}. Asked once, at spawn.
     */
    default boolean wantsPipe(Stream stream) {
        return false;
    }

    /** A pipe the listener asked for has something to read (or reached EOF); it stays unwatched until re-armed. */
    default void onReadable(OutputPipe pipe) {
        throw new UnsupportedOperationException("wantsPipe was false");
    }

    /** A chunk read from the child's pipe. The array is the listener's to keep. */
    void onOutput(Stream stream, byte[] data);

    /** The pipe reached EOF (all writers closed it). */
    void onEof(Stream stream);

    /**
     * The child exited and was reaped (through its pidfd). Called after all output that was readable at exit was
     * delivered, except what waits in pipes handed out as {@link OutputPipe}s ({@link Child#pipes()}): their owner
     * drains them.
     */
    void onExit(ExitStatus status);
}
