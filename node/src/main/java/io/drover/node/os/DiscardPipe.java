package io.drover.node.os;

/**
 * The one pipe behind every child stream nothing reads (logfile NONE, no capture, no events, no debug echo). The
 * child still finds a pipe on its fd 1 or 2, as under supervisord, with an open file description of its own (opened
 * per spawn through /proc, so a child's O_NONBLOCK is not its neighbours'), and the reactor drops what arrives. The
 * daemon holds two fds for all such streams instead of one per stream: each fd the daemon holds is copied into every
 * later spawn's child and closed there again (posix_spawn's closefrom), so an fd per child made a pass of n spawns
 * cost O(n^2) in the kernel.
 */
final class DiscardPipe {

    private static final int O_WRONLY = 1;
    private static final int F_SETPIPE_SZ = 1031;
    /** A burst from many children fits before any of them blocks (the default pipe-max-size). */
    private static final int CAPACITY = 1 << 20;
    private static final int READS_PER_TURN = 16;

    private final Reactor reactor;
    private final int readFd;
    /** Held open so the read end never sees EOF between children. */
    private final int writeFd;
    private final String writerPath;
    private boolean closed;

    private DiscardPipe(Reactor reactor, int readFd, int writeFd) {
        this.reactor = reactor;
        this.readFd = readFd;
        this.writeFd = writeFd;
        this.writerPath = "/proc/self/fd/" + writeFd;
    }

    /** Opens the pipe and starts dropping what it receives. */
    static DiscardPipe open(Reactor reactor) throws SpawnException {
        int[] fds = new int[2];
        if (Native.LIBC.pipe2(fds, Native.O_CLOEXEC) != 0) {
            throw pipeFailure(Native.errno());
        }
        Native.LIBC.fcntl(fds[0], Native.F_SETFL, Native.O_NONBLOCK);
        Native.LIBC.fcntl(fds[0], F_SETPIPE_SZ, CAPACITY); // best effort: the default 64 KiB works too
        DiscardPipe pipe = new DiscardPipe(reactor, fds[0], fds[1]);
        reactor.execute(() -> reactor.add(pipe.readFd, Reactor.EPOLLIN, ready -> pipe.drop()));
        return pipe;
    }

    /**
     * A new write end (a blocking, close-on-exec description of its own) for one child; the caller closes it.
     * Opened non-blocking first: opening a pipe for writing waits for a reader like a FIFO, and the read end is gone
     * once the reactor has stopped. Synchronized with {@link #close}, so the path never names a reused fd number.
     */
    synchronized int openWriter() throws SpawnException {
        if (closed) {
            throw pipeFailure(Errno.EBADF);
        }
        int fd = Native.LIBC.open(writerPath, O_WRONLY | Native.O_NONBLOCK | Native.O_CLOEXEC, 0);
        if (fd < 0) {
            throw pipeFailure(Native.errno());
        }
        Native.LIBC.fcntl(fd, Native.F_SETFL, 0); // the child's description blocks, as any pipe it is given
        return fd;
    }

    /** Closes the held write end (the reactor closes the read end when it stops). */
    synchronized void close() {
        if (!closed) {
            closed = true;
            Native.closeQuietly(writeFd);
        }
    }

    private void drop() {
        for (int i = 0; i < READS_PER_TURN; i++) {
            long n = reactor.skip(readFd);
            if (n == 0) {
                // EOF or a read error: level-triggered, it would wake the reactor forever
                reactor.remove(readFd);
                Native.closeQuietly(readFd);
                return;
            }
            if (n < 0) {
                return;
            }
        }
    }

    private static SpawnException pipeFailure(int err) {
        return new SpawnException(SpawnException.Kind.SPAWN_FAILED,
                "unknown error making dispatchers: " + Errno.name(err), SpawnException.Step.PIPES, Errno.name(err));
    }
}
