package io.drover.node.os;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file the os layer appends to, the destination of {@link OutputPipe#spliceTo}. Not {@code O_APPEND}, which
 * {@code splice(2)} refuses (EINVAL): each splice seeks to the end first, so bytes written meanwhile through another
 * descriptor (the daemon's own writes, a rotation's truncation) are never overwritten by this one; two splicers on one
 * file at the same instant could still race, which is why only a channel that owns its file splices. Created if
 * missing (mode 0666 less the umask, as a Java-opened log file). Owned by one thread (the actor whose log it is).
 */
public final class AppendTarget implements AutoCloseable {
    private static final int O_WRONLY = 1;
    private static final int O_CREAT = 0x40;
    private static final AppendTarget DEV_NULL = openQuietly(Path.of("/dev/null"));

    private final Path path;
    private int fd;

    private AppendTarget(Path path, int fd) {
        this.path = path;
        this.fd = fd;
    }

    /** Opens (creating) {@code path} for appending. */
    public static AppendTarget open(Path path) throws IOException {
        int fd = Native.LIBC.open(path.toString(), O_WRONLY | O_CREAT | Native.O_CLOEXEC, 0666);
        if (fd < 0) {
            throw new IOException(path + ": " + Native.LIBC.strerror(Native.errno()));
        }
        return new AppendTarget(path, fd);
    }

    /** {@code /dev/null}: where output goes when its log cannot be written (as bytes a failing write drops). */
    public static AppendTarget devNull() {
        return DEV_NULL;
    }

    private static AppendTarget openQuietly(Path path) {
        try {
            return open(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path path() {
        return path;
    }

    int fd() {
        return fd;
    }

    @Override
    public void close() {
        if (fd >= 0 && this != DEV_NULL) {
            Native.LIBC.close(fd);
            fd = -1;
        }
    }
}
