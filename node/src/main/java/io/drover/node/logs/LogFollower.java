package io.drover.node.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * {@code tail -f} of a log file as supervisord's HTTP {@code /logtail/<name>} and {@code /mainlogtail} do it
 * ({@code tail_f_producer}): starts {@code head} bytes before the end, then each {@link #more()} returns what was
 * appended since; when the path names a new file (rotation) it follows it from its start; when the file shrank it
 * says {@code ==> File truncated <==} and starts again at 0. The caller decides when to ask again (supervisord asks
 * every 0.1 s); one follower per stream, not thread-safe.
 */
public final class LogFollower implements Closeable {
    /** What supervisord sends when the file got shorter. */
    public static final byte[] TRUNCATED = "==> File truncated <==\n".getBytes(StandardCharsets.US_ASCII);
    /** supervisord's {@code head} for the HTTP tail. */
    public static final int DEFAULT_HEAD = 1024;
    private static final int MAX_CHUNK = 1 << 20;
    private static final byte[] NOTHING = new byte[0];

    private final Path path;
    private FileChannel file;
    private Object fileKey;
    private long position;

    private LogFollower(Path path) {
        this.path = path;
    }

    /**
     * Opens {@code path} and positions {@code head} bytes before its end (at 0 when it is shorter).
     *
     * @throws IOException when the file cannot be opened (supervisord answers 404 then)
     */
    public static LogFollower open(Path path, int head) throws IOException {
        LogFollower f = new LogFollower(path);
        f.openFile();
        long size = f.file.size();
        if (size >= head) {
            f.position = size - head;
        }
        return f;
    }

    /**
     * The bytes appended since the last call (at most 1 MiB at a time; the rest comes next time), {@link #TRUNCATED}
     * when the file shrank, or an empty array when nothing is new.
     */
    public byte[] more() throws IOException {
        follow();
        long size;
        try {
            size = file.size();
        } catch (IOException e) {
            return NOTHING;
        }
        if (size < position) {
            position = 0;
            return TRUNCATED.clone();
        }
        long added = size - position;
        if (added == 0) {
            return NOTHING;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(added, MAX_CHUNK));
        while (buf.hasRemaining()) {
            int n = file.read(buf, position + buf.position());
            if (n < 0) {
                break;
            }
        }
        position += buf.position();
        return buf.position() == buf.capacity() ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
    }

    /** The offset the next {@link #more()} reads from. */
    public long position() {
        return position;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    private void openFile() throws IOException {
        file = FileChannel.open(path, StandardOpenOption.READ);
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        position = 0;
    }

    /** A rotated path (another inode) is reopened from its start; a path that is gone keeps the old file. */
    private void follow() throws IOException {
        Object key;
        try {
            key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return;
        }
        if (!key.equals(fileKey)) {
            file.close();
            openFile();
        }
    }
}
