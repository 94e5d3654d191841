package io.drover.node.logs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * An append-only log file that rotates exactly as supervisord's {@code RotatingFileHandler} does: after a write
 * brings the file to at least {@code maxbytes}, {@code path.N} becomes {@code path.N+1} (up to {@code backups}),
 * the file becomes {@code path.1} and a new empty file is opened; {@code backups=0} just truncates;
 * {@code maxbytes=0} never rotates. A write is never split, so no byte is lost, duplicated or reordered and every
 * backup holds at least {@code maxbytes} bytes.
 *
 * <p>A target that is not a regular file ({@code /dev/stdout}, a FIFO, a tty) is opened for plain writing and is
 * never rotated, truncated or removed.
 *
 * <p>Beyond supervisord, which keeps writing into a file that logrotate moved away until it gets SIGUSR2: at most
 * once a second (and before every rotation) the path is stat'ed and compared by device and inode with the open file;
 * when it is gone or is another file, the path is reopened (recreated). The size is also re-read then, so a
 * {@code copytruncate} does not cause an early rotation.
 *
 * <p>Not thread-safe: one owner (an actor, or the daemon logger under its own lock) calls it.
 */
public final class RotatingLogFile implements Closeable {
    private static final long IDENTITY_CHECK_NANOS = 1_000_000_000L;

    private final long identityCheckNanos;
    private final Path path;
    private final long maxbytes;
    private final int backups;
    private final boolean regular;
    private FileChannel channel;
    private Object fileKey;
    private long size;
    private long lastIdentityCheck;
    private long generation;

    /**
     * Appends to the current file by other means than {@link #write} (a zero-copy {@code splice} from a child's
     * pipe through the caller's own descriptor on {@code path}, reopened whenever {@code generation} changes).
     */
    @FunctionalInterface
    public interface Transfer {
        /** Appends to the file now at {@code path}; returns the bytes appended, 0 or less for none. */
        long into(Path path, long generation) throws IOException;
    }

    private RotatingLogFile(Path path, long maxbytes, int backups, boolean regular, long identityCheckNanos) {
        this.path = path;
        this.identityCheckNanos = identityCheckNanos;
        this.maxbytes = Math.max(0, maxbytes);
        this.backups = Math.max(0, backups);
        this.regular = regular;
    }

    /**
     * Opens (creating if needed) {@code path} for appending.
     *
     * @param maxbytes rotate once the file reaches this size; 0 never rotates
     * @param backups  how many rotated files to keep; 0 truncates instead
     */
    public static RotatingLogFile open(Path path, long maxbytes, int backups) throws IOException {
        return open(path, maxbytes, backups, IDENTITY_CHECK_NANOS);
    }

    /** {@link #open(Path, long, int)} checking the path's identity at most every {@code identityCheckNanos}. */
    static RotatingLogFile open(Path path, long maxbytes, int backups, long identityCheckNanos) throws IOException {
        Objects.requireNonNull(path, "path");
        boolean regular = isRegularTarget(path);
        RotatingLogFile file = new RotatingLogFile(path, maxbytes, backups, regular, identityCheckNanos);
        file.openAppending();
        return file;
    }

    /** A regular file we may rename and recreate; device nodes, FIFOs and /proc links are written only. */
    private static boolean isRegularTarget(Path path) {
        String p = path.toAbsolutePath().normalize().toString();
        if (p.startsWith("/dev/") || p.startsWith("/proc/")) {
            return false;
        }
        return !Files.exists(path) || Files.isRegularFile(path);
    }

    public Path path() {
        return path;
    }

    /** The size of the current file as this writer knows it (0 for non-regular targets). */
    public long size() {
        return size;
    }

    /** Whether this target is rotated at all (a regular file with maxbytes &gt; 0). */
    public boolean rotates() {
        return regular && maxbytes > 0;
    }

    /** Appends {@code len} bytes in one piece, then rotates if the file reached maxbytes. */
    public void write(byte[] data, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        prepare();
        ByteBuffer buf = ByteBuffer.wrap(data, off, len);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        written(len);
    }

    /**
     * Lets {@code transfer} append to the current file, then rotates if it reached maxbytes, exactly as after a
     * {@link #write}. Returns what {@code transfer} returned.
     */
    public long append(Transfer transfer) throws IOException {
        prepare();
        long n = transfer.into(path, generation);
        if (n > 0) {
            written(n);
        }
        return n;
    }

    /** Whether this is a regular file (not /dev/stdout, a FIFO, a tty). */
    public boolean regular() {
        return regular;
    }

    private void prepare() throws IOException {
        if (channel == null) {
            openAppending();
        } else if (regular) {
            long now = System.nanoTime();
            if (now - lastIdentityCheck >= identityCheckNanos) {
                lastIdentityCheck = now;
                followPath();
            }
        }
    }

    private void written(long len) throws IOException {
        if (!regular) {
            return;
        }
        size += len;
        if (maxbytes > 0 && size >= maxbytes) {
            Object current = keyOf(path);
            if (current == null || !current.equals(fileKey)) {
                // Someone else rotated it already (stdout and stderr logging to one file, logrotate): follow the
                // path instead of rotating the other writer's new file away.
                reopen();
            } else {
                size = channel.size(); // supervisord asks tell(); another writer or a truncation may have changed it
            }
            if (size >= maxbytes) {
                rotate();
            }
        }
    }

    public void write(byte[] data) throws IOException {
        write(data, 0, data.length);
    }

    /** Closes and reopens the path (SIGUSR2 / reopenlogs); a file moved or deleted away is recreated. */
    public void reopen() throws IOException {
        closeChannel();
        openAppending();
    }

    /**
     * supervisord's {@code removelogs} (clearProcessLogs / clearLog): removes the current file and opens a new empty
     * one. Backups are left alone, as supervisord does. Non-regular targets are left untouched.
     */
    public void clear() throws IOException {
        if (!regular) {
            return;
        }
        closeChannel();
        Files.deleteIfExists(path);
        openAppending();
    }

    @Override
    public void close() throws IOException {
        closeChannel();
    }

    private void openAppending() throws IOException {
        generation++;
        if (regular) {
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            size = channel.size();
            fileKey = keyOf(path);
        } else {
            // supervisord opens 'ab' (retrying 'wb' where Python's seek fails: pipes, ttys). O_APPEND matters when
            // /dev/stdout is a regular file: without it the child's output would overwrite the file from offset 0.
            channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            size = 0;
        }
        lastIdentityCheck = System.nanoTime();
    }

    private void openTruncating() throws IOException {
        generation++;
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        channel.truncate(0); // supervisord reopens 'wb'; we stay O_APPEND so a second writer cannot be overwritten
        size = 0;
        fileKey = keyOf(path);
    }

    /** Reopens when the path no longer names the file we write (moved away or deleted by logrotate). */
    private void followPath() throws IOException {
        Object current = keyOf(path);
        if (current == null || !current.equals(fileKey)) {
            reopen();
        } else {
            size = channel.size();
        }
    }

    private static Object keyOf(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    private void rotate() throws IOException {
        closeChannel();
        if (backups > 0) {
            for (int i = backups - 1; i > 0; i--) {
                Path from = backup(i);
                if (Files.exists(from)) {
                    replace(from, backup(i + 1));
                }
            }
            replace(path, backup(1));
        }
        openTruncating();
    }

    private Path backup(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    /** rename(2) over the destination; a source deleted meanwhile (a cleanup script) is not an error. */
    private static void replace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // source gone: nothing to keep
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void closeChannel() throws IOException {
        FileChannel c = channel;
        channel = null;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "RotatingLogFile[" + path + ", maxbytes=" + maxbytes + ", backups=" + backups + "]";
    }
}
