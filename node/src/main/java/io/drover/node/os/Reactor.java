package io.drover.node.os;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.ffi.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single epoll thread ({@code drover-reactor}) behind every child pipe, every child exit (pidfd) and the
 * daemon's signalfd. Level-triggered: a handler reads a bounded amount per turn, so one chatty child cannot starve
 * the others. Other threads hand work to it with {@link #execute}, which wakes epoll through an eventfd, or with
 * {@link #executeLater}, which batches work onto a shared tick a fixed delay away (one wake-up for all of it): only
 * while such work waits does epoll_wait get a timeout; otherwise the loop never polls or times out.
 */
final class Reactor implements AutoCloseable {

    /** Called on the reactor thread when its fd is ready. */
    interface Handler {
        void onReady(int events);
    }

    static final int EPOLLIN = 0x001;
    static final int EPOLLOUT = 0x004;
    static final int EPOLLERR = 0x008;
    static final int EPOLLHUP = 0x010;
    static final int EPOLLONESHOT = 1 << 30;

    private static final Logger LOG = LoggerFactory.getLogger(Reactor.class);
    private static final int EPOLL_CTL_ADD = 1;
    private static final int EPOLL_CTL_DEL = 2;
    private static final int EPOLL_CTL_MOD = 3;
    private static final int EFD_NONBLOCK = Native.O_NONBLOCK;
    private static final int MAX_EVENTS = 256;
    /** x86_64 packs struct epoll_event (12 bytes); other 64-bit ABIs align the data field (16 bytes). */
    private static final boolean PACKED = "amd64".equals(System.getProperty("os.arch"))
            || "x86_64".equals(System.getProperty("os.arch"));
    private static final int EVENT_SIZE = PACKED ? 12 : 16;
    private static final int DATA_OFFSET = PACKED ? 4 : 8;
    static final int READ_SIZE = 64 * 1024;

    private final LibC libc = Native.LIBC;
    private final int epfd;
    private final int wakeFd;
    private final Pointer wakeValue = Native.allocate(8);
    private final Pointer wakeSink = Native.allocate(8);
    private final Pointer ctlEvent = Native.allocate(16);
    private final Pointer events = Native.allocate(EVENT_SIZE * MAX_EVENTS);
    private final Pointer readBuffer = Native.allocate(READ_SIZE);
    private final Map<Integer, Handler> handlers = new HashMap<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final Map<Long, Tick> ticks = new java.util.concurrent.ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    Reactor() {
        epfd = libc.epoll_create1(Native.O_CLOEXEC);
        if (epfd < 0) {
            throw new IllegalStateException("epoll_create1 failed: " + Errno.name(Native.errno()));
        }
        wakeFd = libc.eventfd(0, Native.O_CLOEXEC | EFD_NONBLOCK);
        if (wakeFd < 0) {
            libc.close(epfd);
            throw new IllegalStateException("eventfd failed: " + Errno.name(Native.errno()));
        }
        wakeValue.putLong(0, 1L);
        ctl(EPOLL_CTL_ADD, wakeFd, EPOLLIN);
        thread = new Thread(this::loop, "drover-reactor");
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs {@code task} on the reactor thread (soon, in submission order). Thread-safe. */
    void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != thread && wakePending.compareAndSet(false, true)) {
            libc.write(wakeFd, wakeValue, 8);
        }
    }

    /**
     * Runs {@code task} on the reactor thread within {@code delayNanos}, together with everything else given the same
     * delay meanwhile (one shared tick per delay, one wake-up for all). Thread-safe.
     */
    void executeLater(long delayNanos, Runnable task) {
        ticks.computeIfAbsent(delayNanos, Tick::new).add(task);
    }

    /** Work batched for one delay; its due time is set (and read) on the reactor thread. */
    private final class Tick {
        final long delayNanos;
        final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        final AtomicBoolean armed = new AtomicBoolean();
        long due; // System.nanoTime() of the run, 0 when none is due

        Tick(long delayNanos) {
            this.delayNanos = delayNanos;
        }

        void add(Runnable task) {
            tasks.add(task);
            if (armed.compareAndSet(false, true)) {
                execute(() -> {
                    if (due == 0) {
                        due = System.nanoTime() + delayNanos;
                    }
                });
            }
        }

        void runIfDue(long now) {
            if (due == 0 || now - due < 0) {
                return;
            }
            due = 0;
            armed.set(false); // before draining: a task added after the drain arms the next run
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("reactor task failed", e);
                }
            }
        }
    }

    /** epoll_wait's timeout: until the earliest due tick, or forever. */
    private int timeoutMillis() {
        long now = System.nanoTime();
        long wait = Long.MAX_VALUE;
        for (Tick t : ticks.values()) {
            if (t.due != 0) {
                wait = Math.min(wait, Math.max(0, t.due - now));
            }
        }
        return wait == Long.MAX_VALUE ? -1 : (int) ((wait + 999_999) / 1_000_000);
    }

    boolean inReactorThread() {
        return Thread.currentThread() == thread;
    }

    // --- reactor thread only ---

    void add(int fd, int interest, Handler handler) {
        handlers.put(fd, handler);
        ctl(EPOLL_CTL_ADD, fd, interest);
    }

    void modify(int fd, int interest) {
        ctl(EPOLL_CTL_MOD, fd, interest);
    }

    /**
     * Re-enables a one-shot registration from any thread: epoll_ctl is thread-safe, so this costs no wake-up of the
     * reactor. False when the fd is no longer registered (closed at shutdown). {@code event}: the caller's own
     * 16-byte scratch block (this may run on any thread).
     */
    boolean rearm(int fd, int interest, Pointer event) {
        event.putInt(0, interest);
        event.putLong(DATA_OFFSET, fd);
        return libc.epoll_ctl(epfd, EPOLL_CTL_MOD, fd, event) == 0;
    }

    /** Stops watching {@code fd} (the caller closes it). */
    void remove(int fd) {
        if (handlers.remove(fd) != null) {
            libc.epoll_ctl(epfd, EPOLL_CTL_DEL, fd, ctlEvent);
        }
    }

    /**
     * One read(2) into the shared buffer: the bytes read, {@code null} when nothing is available now (EAGAIN), or an
     * empty array at EOF (or on a read error, which ends the stream the same way).
     */
    byte[] read(int fd) {
        while (true) {
            long n = libc.read(fd, readBuffer, READ_SIZE);
            if (n > 0) {
                byte[] data = new byte[(int) n];
                readBuffer.get(0, data, 0, data.length);
                return data;
            }
            if (n == 0) {
                return new byte[0];
            }
            int err = Native.errno();
            if (err == Errno.EINTR) {
                continue;
            }
            return err == Errno.EAGAIN ? null : new byte[0];
        }
    }

    /**
     * One read(2) into the shared buffer, dropped: the bytes read (more may follow), 0 at EOF or on a read error
     * (the stream is over), -1 when nothing is available now (EAGAIN).
     */
    long skip(int fd) {
        while (true) {
            long n = libc.read(fd, readBuffer, READ_SIZE);
            if (n >= 0) {
                return n;
            }
            int err = Native.errno();
            if (err != Errno.EINTR) {
                return err == Errno.EAGAIN ? -1 : 0;
            }
        }
    }

    private void ctl(int op, int fd, int interest) {
        ctlEvent.putInt(0, interest);
        ctlEvent.putLong(DATA_OFFSET, fd);
        if (libc.epoll_ctl(epfd, op, fd, ctlEvent) != 0) {
            throw new IllegalStateException("epoll_ctl(" + op + ", fd " + fd + ") failed: "
                    + Errno.name(Native.errno()));
        }
    }

    private void loop() {
        while (running) {
            int n = libc.epoll_wait(epfd, events, MAX_EVENTS, timeoutMillis());
            if (n < 0) {
                int err = Native.errno();
                if (err == Errno.EINTR) {
                    continue;
                }
                LOG.error("epoll_wait failed: {}; reactor stops", Errno.name(err));
                return;
            }
            boolean woken = false;
            for (int i = 0; i < n; i++) {
                int ready = events.getInt((long) i * EVENT_SIZE);
                int fd = (int) events.getLong((long) i * EVENT_SIZE + DATA_OFFSET);
                if (fd == wakeFd) {
                    woken = true;
                    continue;
                }
                Handler handler = handlers.get(fd);
                if (handler != null) {
                    dispatch(handler, ready);
                }
            }
            if (woken) {
                // Drain the eventfd before clearing the flag: the other order loses a wake-up written in between.
                libc.read(wakeFd, wakeSink, 8);
                wakePending.set(false);
            }
            runTasks();
            long now = System.nanoTime();
            for (Tick t : ticks.values()) {
                t.runIfDue(now);
            }
        }
        shutdown();
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("reactor task failed", e);
            }
        }
    }

    private static void dispatch(Handler handler, int ready) {
        try {
            handler.onReady(ready);
        } catch (RuntimeException e) {
            LOG.error("reactor handler failed", e);
        }
    }

    private void shutdown() {
        runTasks();
        for (int fd : new ArrayList<>(handlers.keySet())) {
            remove(fd);
            libc.close(fd);
        }
        libc.close(wakeFd);
        libc.close(epfd);
    }

    @Override
    public void close() {
        execute(() -> running = false);
        if (!inReactorThread()) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
