package io.drover.node.os;

import java.util.List;

/** A running (or exited, not yet reaped by the listener) child. Methods are thread-safe and non-blocking. */
public interface Child {

    int pid();

    /** kill(pid, sig). Returns false if the process no longer exists (ESRCH). */
    boolean signal(int signal);

    /** killpg(pid, sig): the child's whole process group (it leads its own). Returns false on ESRCH. */
    boolean signalGroup(int signal);

    /**
     * Queues bytes for the child's stdin; written by the reactor without blocking the caller.
     *
     * @throws java.io.IOException when stdin is closed (or was never a pipe)
     */
    void writeStdin(byte[] data) throws java.io.IOException;

    /**
     * As {@link #writeStdin}, and tells how the first attempt to write went: the stage fails with an IOException
     * when the child has closed its end (EPIPE), as supervisord's synchronous write reports it; it completes once
     * the bytes are written or queued behind a full pipe.
     */
    default java.util.concurrent.CompletionStage<Void> offerStdin(byte[] data) {
        try {
            writeStdin(data);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        } catch (java.io.IOException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
    }

    /** Closes our end of the child's stdin. */
    void closeStdin();

    /** The output pipes handed to the listener ({@link ChildListener#wantsPipe}); empty when none. */
    default List<OutputPipe> pipes() {
        return List.of();
    }
}
