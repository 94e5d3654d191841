package io.drover.node.os;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import jnr.ffi.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A spawned child as the reactor sees it: its stdout/stderr pipes, its stdin write queue and its pidfd. Every fd is
 * read, written, watched and closed on the reactor thread only; other threads enqueue. A pipe the listener asked for
 * is an {@link OutputPipe} instead, read (spliced) by the listener's owner.
 */
final class ChildProcess implements Child {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);
    /** Per readiness turn, at most this many reads from one pipe (fairness across children). */
    private static final int READS_PER_TURN = 4;
    /** At exit, what is already in the pipe: 16 reads cover the largest default pipe (1 MiB); a grandchild that
     * keeps writing cannot hold the exit back. */
    private static final int READS_AT_EXIT = 16;
    private static final int P_PIDFD = 3;
    private static final int WEXITED = 4;
    private static final int WNOHANG = 1;
    private static final int CLD_EXITED = 1;
    private static final int CLD_KILLED = 2;
    private static final int CLD_DUMPED = 3;

    private final Reactor reactor;
    private final ChildListener listener;
    private final int pid;
    private final int pidfd;
    private int stdoutFd;
    private int stderrFd;
    private int stdinFd;

    private final ConcurrentLinkedQueue<byte[]> stdinQueue = new ConcurrentLinkedQueue<>();
    /** Callers of {@link #offerStdin} waiting for the next flush attempt. */
    private final ConcurrentLinkedQueue<CompletableFuture<Void>> stdinWaiters = new ConcurrentLinkedQueue<>();
    private volatile boolean stdinOpen;
    private volatile boolean reaped;
    // reactor-thread state of the stdin writer
    private final ArrayDeque<byte[]> pendingWrites = new ArrayDeque<>();
    private int pendingOffset;
    private boolean stdinWatched;
    private boolean stdinCloseRequested;
    private Pointer writeBuffer;
    private final List<OutputPipe> pipes = new ArrayList<>(2);

    ChildProcess(Reactor reactor, ChildListener listener, int pid, int pidfd, int stdoutFd, int stderrFd,
            int stdinFd) {
        this.reactor = reactor;
        this.listener = listener;
        this.pid = pid;
        this.pidfd = pidfd;
        this.stdoutFd = stdoutFd;
        this.stderrFd = stderrFd;
        this.stdinFd = stdinFd;
        this.stdinOpen = stdinFd >= 0;
        // A pipe handed out is the listener's from now on: this class neither reads nor closes it.
        if (stdoutFd >= 0 && listener.wantsPipe(ChildListener.Stream.STDOUT)) {
            pipes.add(new OutputPipe(reactor, ChildListener.Stream.STDOUT, stdoutFd));
            this.stdoutFd = -1;
        }
        if (stderrFd >= 0 && listener.wantsPipe(ChildListener.Stream.STDERR)) {
            pipes.add(new OutputPipe(reactor, ChildListener.Stream.STDERR, stderrFd));
            this.stderrFd = -1;
        }
    }

    /** Starts watching the pipes and the pidfd; on the reactor thread. */
    void register() {
        for (OutputPipe pipe : pipes) {
            pipe.register(listener);
        }
        if (stdoutFd >= 0) {
            reactor.add(stdoutFd, Reactor.EPOLLIN, ready -> drain(ChildListener.Stream.STDOUT, READS_PER_TURN));
        }
        if (stderrFd >= 0) {
            reactor.add(stderrFd, Reactor.EPOLLIN, ready -> drain(ChildListener.Stream.STDERR, READS_PER_TURN));
        }
        reactor.add(pidfd, Reactor.EPOLLIN, ready -> onPidfdReadable());
    }

    @Override
    public int pid() {
        return pid;
    }

    @Override
    public boolean signal(int signal) {
        if (reaped) {
            return false;
        }
        return Native.LIBC.kill(pid, signal) == 0;
    }

    @Override
    public boolean signalGroup(int signal) {
        // The group outlives a reaped leader while grandchildren remain, and its id cannot be reused meanwhile.
        return Native.LIBC.killpg(pid, signal) == 0;
    }

    @Override
    public void writeStdin(byte[] data) throws IOException {
        if (!stdinOpen) {
            throw new IOException("stdin of pid " + pid + " is closed");
        }
        stdinQueue.add(data.clone());
        reactor.execute(this::flushStdin);
    }

    @Override
    public CompletionStage<Void> offerStdin(byte[] data) {
        if (!stdinOpen) {
            return CompletableFuture.failedFuture(new IOException("stdin of pid " + pid + " is closed"));
        }
        CompletableFuture<Void> attempted = new CompletableFuture<>();
        stdinWaiters.add(attempted);
        stdinQueue.add(data.clone());
        reactor.execute(this::flushStdin);
        return attempted;
    }

    @Override
    public void closeStdin() {
        if (stdinOpen) {
            stdinOpen = false;
            reactor.execute(() -> {
                stdinCloseRequested = true;
                flushStdin();
            });
        }
    }

    @Override
    public List<OutputPipe> pipes() {
        return List.copyOf(pipes);
    }

    @Override
    public String toString() {
        return "Child[pid=" + pid + "]";
    }

    // --- reactor thread ---

    private void drain(ChildListener.Stream stream, int maxReads) {
        int fd = stream == ChildListener.Stream.STDOUT ? stdoutFd : stderrFd;
        for (int i = 0; fd >= 0 && i < maxReads; i++) {
            byte[] data = reactor.read(fd);
            if (data == null) {
                return;
            }
            if (data.length == 0) {
                reactor.remove(fd);
                Native.LIBC.close(fd);
                if (stream == ChildListener.Stream.STDOUT) {
                    stdoutFd = -1;
                } else {
                    stderrFd = -1;
                }
                deliverEof(stream);
                return;
            }
            deliverOutput(stream, data);
        }
    }

    private void onPidfdReadable() {
        ExitStatus status = reap();
        if (status == null) {
            return;
        }
        reaped = true;
        reactor.remove(pidfd);
        Native.LIBC.close(pidfd);
        // Whatever the child wrote before dying is delivered before its exit.
        drain(ChildListener.Stream.STDOUT, READS_AT_EXIT);
        drain(ChildListener.Stream.STDERR, READS_AT_EXIT);
        stdinOpen = false;
        stdinQueue.clear();
        pendingWrites.clear();
        closeStdinFd();
        try {
            listener.onExit(status);
        } catch (RuntimeException e) {
            LOG.error("listener of pid {} failed on exit", pid, e);
        }
    }

    /** waitid(P_PIDFD): the exit status, or null if the child has not exited after all. */
    private ExitStatus reap() {
        Pointer info = Native.allocate(128);
        while (true) {
            int rc = Native.LIBC.waitid(P_PIDFD, pidfd, info, WEXITED | WNOHANG);
            if (rc == 0) {
                break;
            }
            int err = Native.errno();
            if (err == Errno.EINTR) {
                continue;
            }
            // ECHILD: someone else reaped it (a waitpid(-1) elsewhere in the JVM); the status is lost.
            LOG.warn("waitid for pid {} failed: {}", pid, Errno.name(err));
            return new ExitStatus(-1, OptionalInt.empty(), false);
        }
        if (info.getInt(16) == 0) {
            return null;
        }
        int code = info.getInt(8);
        int status = info.getInt(24);
        return switch (code) {
            case CLD_EXITED -> ExitStatus.exited(status);
            case CLD_KILLED -> ExitStatus.killed(status, false);
            case CLD_DUMPED -> ExitStatus.killed(status, true);
            default -> new ExitStatus(-1, OptionalInt.empty(), false);
        };
    }

    private void flushStdin() {
        List<CompletableFuture<Void>> waiting = new ArrayList<>();
        CompletableFuture<Void> w;
        while ((w = stdinWaiters.poll()) != null) {
            waiting.add(w);
        }
        boolean written = writePending();
        IOException closed = written ? null : new IOException("stdin of pid " + pid + " is closed");
        waiting.forEach(f -> {
            if (closed == null) {
                f.complete(null);
            } else {
                f.completeExceptionally(closed);
            }
        });
    }

    /** Writes what is queued; false when the child's stdin turned out to be closed. */
    private boolean writePending() {
        byte[] chunk;
        while ((chunk = stdinQueue.poll()) != null) {
            pendingWrites.add(chunk);
        }
        if (stdinFd < 0) {
            pendingWrites.clear();
            return false;
        }
        while (!pendingWrites.isEmpty()) {
            byte[] head = pendingWrites.peek();
            int length = Math.min(head.length - pendingOffset, Reactor.READ_SIZE);
            if (writeBuffer == null) {
                writeBuffer = Native.allocate(Reactor.READ_SIZE);
            }
            writeBuffer.put(0, head, pendingOffset, length);
            long n = Native.LIBC.write(stdinFd, writeBuffer, length);
            if (n < 0) {
                int err = Native.errno();
                if (err == Errno.EINTR) {
                    continue;
                }
                if (err == Errno.EAGAIN) {
                    watchStdin(true);
                    return true;
                }
                // EPIPE and friends: the child closed its stdin; nothing more can be written.
                stdinOpen = false;
                pendingWrites.clear();
                closeStdinFd();
                return false;
            }
            pendingOffset += (int) n;
            if (pendingOffset == head.length) {
                pendingWrites.poll();
                pendingOffset = 0;
            }
        }
        watchStdin(false);
        if (stdinCloseRequested) {
            closeStdinFd();
        }
        return true;
    }

    private void watchStdin(boolean watch) {
        if (watch && !stdinWatched) {
            reactor.add(stdinFd, Reactor.EPOLLOUT, ready -> flushStdin());
            stdinWatched = true;
        } else if (!watch && stdinWatched) {
            reactor.remove(stdinFd);
            stdinWatched = false;
        }
    }

    private void closeStdinFd() {
        if (stdinFd >= 0) {
            watchStdin(false);
            Native.LIBC.close(stdinFd);
            stdinFd = -1;
        }
    }

    private void deliverOutput(ChildListener.Stream stream, byte[] data) {
        try {
            listener.onOutput(stream, data);
        } catch (RuntimeException e) {
            LOG.error("listener of pid {} failed on output", pid, e);
        }
    }

    private void deliverEof(ChildListener.Stream stream) {
        try {
            listener.onEof(stream);
        } catch (RuntimeException e) {
            LOG.error("listener of pid {} failed on EOF", pid, e);
        }
    }
}
