package io.drover.node.os;

import java.io.IOException;
import jnr.ffi.Pointer;

/**
 * A child's stdout or stderr pipe handed to its owner instead of read by the reactor (see
 * {@link ChildListener#wantsPipe}): the reactor only says when it is readable ({@link ChildListener#onReadable}),
 * once, and the owner moves the bytes to a file with {@code splice(2)} (no copy through the JVM), then
 * {@link #rearm}s it or {@link #close}s it at EOF. So a disk write never runs on the reactor thread, and a child
 * faster than the disk is slowed by its own full pipe only.
 *
 * <p>{@link #spliceTo}, {@link #rearm} and {@link #close} are called by the owner's one thread; the fd is closed on
 * the reactor thread after the owner's last use.
 */
public final class OutputPipe {
    /**
     * How long a re-arm may wait so that a slow writer's small writes are read in one batch: the longest a plain log
     * file lags its child (never the child: a 64 KiB pipe holds 100 ms of 640 KB/s, and a pipe that fills is grown
     * and re-armed at once). Fifty writers of 1000 lines/s, daemon CPU in the steady state (2 loaded cores): 10 %
     * at 20 ms, 4 % at 50 ms, 2.8 % at 100 ms; a bare splice loop costs 4.0 % at 20 ms, 1.5 % at 100 ms.
     * {@code -Ddrover.output.coalesce-ms} to tune; 0 re-arms at once.
     */
    static final long COALESCE_NANOS = Math.max(0, Long.getLong("drover.output.coalesce-ms", 100)) * 1_000_000L;
    private static final int SPLICE_F_MOVE = 1;
    private static final int SPLICE_F_NONBLOCK = 2;
    private static final int F_SETPIPE_SZ = 1031;
    private static final int SEEK_END = 2;
    /** The size a fast writer's pipe grows to; {@code -Ddrover.output.pipe-bytes} for tuning (0: never grow). */
    private static final int LARGE_PIPE = Integer.getInteger("drover.output.pipe-bytes", 1 << 20);

    private final Reactor reactor;
    private final ChildListener.Stream stream;
    private final int fd;
    private volatile boolean closed;
    private boolean enlargeTried;
    private Pointer readBuffer; // owner's thread, only when read() is used
    private final Pointer ownerEvent = Native.allocate(16); // epoll_event for re-arms from the owner's thread
    private final Pointer tickEvent = Native.allocate(16); // ... and from the reactor's tick
    private final Runnable tickRearm = this::rearmOnTick; // one per pipe, not one per turn

    OutputPipe(Reactor reactor, ChildListener.Stream stream, int fd) {
        this.reactor = reactor;
        this.stream = stream;
        this.fd = fd;
    }

    public ChildListener.Stream stream() {
        return stream;
    }

    /** Watches the pipe for readability once (reactor thread). */
    void register(ChildListener listener) {
        reactor.add(fd, Reactor.EPOLLIN | Reactor.EPOLLONESHOT, ready -> listener.onReadable(this));
    }

    /**
     * Moves what the pipe holds now, up to {@code max} bytes, to the end of {@code target}.
     *
     * @return the bytes moved; 0 at EOF (every writer closed the pipe, or it was closed); -1 when it is empty now
     * @throws IOException when the file cannot be written (the bytes stay in the pipe)
     */
    public long spliceTo(AppendTarget target, long max) throws IOException {
        if (closed) {
            return 0;
        }
        if (Native.LIBC.lseek(target.fd(), 0, SEEK_END) < 0) {
            throw new IOException("seek in " + target.path() + ": " + Native.LIBC.strerror(Native.errno()));
        }
        while (true) {
            long n = Native.LIBC.splice(fd, null, target.fd(), null, max, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
            if (n >= 0) {
                return n;
            }
            int err = Native.errno();
            if (err == Errno.EINTR) {
                continue;
            }
            if (err == Errno.EAGAIN) {
                return -1;
            }
            if (err == Errno.EBADF) {
                return 0; // the reactor closed every pipe at shutdown
            }
            throw new IOException("splice to " + target.path() + ": " + Native.LIBC.strerror(err));
        }
    }

    /**
     * Reads up to {@code max} bytes (at most 64 KiB) the ordinary way, for when they cannot be spliced (the file is
     * shared with another writer, whose appends a seek-then-splice could overwrite).
     *
     * @return the bytes; empty at EOF; null when the pipe is empty now
     */
    public byte[] read(int max) {
        if (closed) {
            return new byte[0];
        }
        if (readBuffer == null) {
            readBuffer = Native.allocate(Reactor.READ_SIZE);
        }
        while (true) {
            long n = Native.LIBC.read(fd, readBuffer, Math.min(max, Reactor.READ_SIZE));
            if (n >= 0) {
                byte[] data = new byte[(int) n];
                readBuffer.get(0, data, 0, data.length);
                return data;
            }
            int err = Native.errno();
            if (err != Errno.EINTR) {
                return err == Errno.EAGAIN ? null : new byte[0];
            }
        }
    }

    /** How soon a re-armed pipe is watched again. */
    public enum Rearm {
        /** At once: the last turn found a lot, or the writer once filled its pipe. (A short wait for fast writers,
         * tried too, cost throughput and saved no CPU: the page cache dominates.) */
        NOW,
        /** Within {@code COALESCE_NANOS}: a slow writer; read its next lines in one go. */
        BATCHED
    }

    /** Watch again, {@code when}. */
    public void rearm(Rearm when) {
        if (closed) {
            return;
        }
        if (when == Rearm.NOW || COALESCE_NANOS == 0) {
            reactor.rearm(fd, Reactor.EPOLLIN | Reactor.EPOLLONESHOT, ownerEvent); // any thread: no reactor wake-up
        } else {
            reactor.executeLater(COALESCE_NANOS, tickRearm);
        }
    }

    private void rearmOnTick() {
        if (!closed) {
            reactor.rearm(fd, Reactor.EPOLLIN | Reactor.EPOLLONESHOT, tickEvent);
        }
    }

    /**
     * A fast writer: grows the pipe to 1 MiB once, so it fills less often and each turn moves more. Only for pipes
     * that proved fast, since every user's pipe memory is capped ({@code pipe-user-pages-soft}). Best effort.
     */
    public void enlarge() {
        if (!enlargeTried && !closed) {
            enlargeTried = true;
            if (LARGE_PIPE > 0) {
                Native.LIBC.fcntl(fd, F_SETPIPE_SZ, LARGE_PIPE); // fails over pipe-max-size or the user's pipe cap
            }
        }
    }

    /** Whether the pipe once filled up ({@link #enlarge} was asked): a fast writer's. */
    public boolean fast() {
        return enlargeTried;
    }

    /** Stops watching and closes the pipe (at EOF, or when its child is done with). */
    public void close() {
        if (!closed) {
            closed = true;
            reactor.execute(() -> {
                reactor.remove(fd);
                Native.LIBC.close(fd);
            });
        }
    }

    @Override
    public String toString() {
        return "OutputPipe[" + stream + " fd " + fd + "]";
    }
}
