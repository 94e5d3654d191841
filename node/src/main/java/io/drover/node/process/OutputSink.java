package io.drover.node.process;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where one output channel of a child goes. Owned by its ProcessActor and only called from it. The file
 * implementation here only appends; rotating logs (io.drover.node.logs) plug in through {@link Factory}.
 */
public interface OutputSink extends AutoCloseable {

    /** Appends a chunk of the child's output. */
    void write(byte[] data) throws IOException;

    /** Reopens the file (SIGUSR2). */
    void reopen() throws IOException;

    /** Truncates the log and its backups ({@code clearProcessLogs}). */
    void clear() throws IOException;

    @Override
    void close() throws IOException;

    /** Opens the sink for one channel's resolved log file. */
    interface Factory {
        OutputSink open(Path file, io.drover.config.LogChannelSpec channel) throws IOException;
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
