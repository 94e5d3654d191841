package io.drover.node.process;

import io.drover.config.LogChannelSpec;
import io.drover.config.ProcessSpec;
import io.drover.node.logs.LogEvents;
import io.drover.node.mainlog.MainLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where one output channel of a child goes. Owned by its ProcessActor and only called from it.
 * {@link LogChannelSink} is the real one (rotation, capture mode, strip_ansi); {@link AppendingFileSink} only
 * appends.
 */
public interface OutputSink extends AutoCloseable {

    /** Handles a chunk of the child's output. */
    void write(byte[] data) throws IOException;

    /**
     * Whether this sink takes the child's pipe and moves its bytes itself ({@link #transferFrom}) rather than
     * chunks through {@link #write}. Asked before each spawn.
     */
    default boolean takesPipes() {
        return false;
    }

    /**
     * Moves up to {@code max} bytes from {@code pipe} to the log ({@link #takesPipes} sinks only). Bytes that cannot
     * be written are dropped, as a failing {@link #write} drops them, so the child never stalls on a broken log.
     *
     * @return the bytes taken from the pipe; 0 at EOF; -1 when it is empty now
     */
    default long transferFrom(io.drover.node.os.OutputPipe pipe, long max) throws IOException {
        throw new UnsupportedOperationException("not a pipe-taking sink");
    }

    /** The child's end of the pipe closed. */
    default void endOfStream() {
    }

    /** Reopens the file (SIGUSR2). */
    void reopen() throws IOException;

    /** Removes and recreates the log ({@code clearProcessLogs}). */
    void clear() throws IOException;

    @Override
    void close() throws IOException;

    /**
     * One channel to open.
     *
     * @param process   the process
     * @param name      {@code stdout} or {@code stderr}
     * @param spec      the channel's settings
     * @param file      the resolved log file (AUTO already created), empty for none
     * @param daemonLog the daemon's log (debug echo of output, write failures)
     * @param events    PROCESS_LOG / PROCESS_COMMUNICATION
     * @param listenerProtocol an event listener's stdout (its protocol channel)
     */
    record Channel(ProcessSpec process, String name, LogChannelSpec spec, Optional<Path> file, MainLog daemonLog,
                   LogEvents events, boolean listenerProtocol) {
    }

    /** Opens the sink of one channel. */
    @FunctionalInterface
    interface Factory {
        OutputSink open(Channel channel) throws IOException;
    }

    /** A sink that drops everything (logfile NONE). */
    OutputSink NONE = new OutputSink() {
        @Override
        public void write(byte[] data) {
        }

        @Override
        public void reopen() {
        }

        @Override
        public void clear() {
        }

        @Override
        public void close() {
        }
    };
}
