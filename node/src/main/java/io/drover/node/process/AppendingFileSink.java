package io.drover.node.process;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The simplest {@link OutputSink}: appends to one file, never rotates (tests, tools). */
public final class AppendingFileSink implements OutputSink {

    /** Opens every channel with a file as an appending file (ignores maxbytes/backups/capture). */
    public static final Factory FACTORY = c -> c.file().isPresent() ? new AppendingFileSink(c.file().get()) : NONE;

    private final Path file;
    private FileOutputStream out;

    public AppendingFileSink(Path file) throws IOException {
        this.file = file;
        this.out = new FileOutputStream(file.toFile(), true);
    }

    @Override
    public void write(byte[] data) throws IOException {
        out.write(data);
    }

    @Override
    public void reopen() throws IOException {
        out.close();
        out = new FileOutputStream(file.toFile(), true);
    }

    @Override
    public void clear() throws IOException {
        out.close();
        Files.deleteIfExists(file);
        out = new FileOutputStream(file.toFile(), true);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
