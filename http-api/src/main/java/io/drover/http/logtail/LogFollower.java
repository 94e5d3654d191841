package io.drover.http.logtail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * {@code tail -f} on one file as supervisord's {@code tail_f_producer} does: start with the last {@code head}
 * bytes, then on each {@link #poll()} return what was appended; a rotated file (new inode at the path) is reopened
 * from its start; a truncated file restarts from 0 with a {@code ==> File truncated <==} line. Blocking file IO:
 * call it on a blocking-IO dispatcher, from one caller at a time.
 */
public final class LogFollower implements AutoCloseable {
    private static final int MAX_CHUNK = 64 * 1024;
    private static final byte[] TRUNCATED = "==> File truncated <==\n".getBytes(StandardCharsets.US_ASCII);

    private final Path path;
    private FileChannel channel;
    private Object inode;
    private long position;

    public LogFollower(Path path, int head) throws IOException {
        this.path = path;
        open();
        long size = channel.size();
        position = size >= head ? size - head : 0;
    }

    private void open() throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.READ);
        inode = fileKey(path);
        position = 0;
    }

    private static Object fileKey(Path p) throws IOException {
        return Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    /** The bytes appended since the last poll (empty when none). */
    public byte[] poll() throws IOException {
        try {
            if (!Objects.equals(fileKey(path), inode)) {
                channel.close();
                open(); // rotated: follow the new file from its start
            }
        } catch (NoSuchFileException e) {
            // removed: keep reading the open file until a new one appears
        }
        long size = channel.size();
        if (size < position) {
            position = 0;
            return TRUNCATED;
        }
        long want = Math.min(size - position, MAX_CHUNK);
        if (want <= 0) {
            return new byte[0];
        }
        ByteBuffer buf = ByteBuffer.allocate((int) want);
        while (buf.hasRemaining()) {
            int n = channel.read(buf, position + buf.position());
            if (n < 0) {
                break;
            }
        }
        position += buf.position();
        return buf.position() == want ? buf.array() : java.util.Arrays.copyOf(buf.array(), buf.position());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
