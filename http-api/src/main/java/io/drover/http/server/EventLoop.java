package io.drover.http.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that both waits on a {@link Selector} and runs tasks (the inet server's connection streams run on it
 * as a Pekko dispatcher): an /RPC2 call is read, answered and written on the thread that epoll woke, with no hand-off
 * between a selector thread and a worker thread. Pekko IO's TCP costs each call two such hand-offs and a selector
 * wake-up plus two epoll_ctl to re-arm reading, which were most of the daemon's CPU per call.
 * <p>
 * When no task is queued the thread blocks in {@code select()}; a task queued from another thread wakes it.
 * Nothing run here may block.
 */
final class EventLoop extends AbstractExecutorService {
    private static final Logger LOG = LoggerFactory.getLogger(EventLoop.class);
    private static final int TASKS_PER_TURN = 1024;

    /** What a registered channel does when the selector reports it ready; runs on the loop's thread. */
    interface Ready {
        void ready(SelectionKey key);
    }

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** The thread is in, or about to enter, a blocking select: a task from elsewhere must wake it. */
    private final AtomicBoolean selecting = new AtomicBoolean();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean shutdown;

    EventLoop(String threadName) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        thread = new Thread(this::loop, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Registers a channel for {@code ops}; call on the loop's thread. */
    SelectionKey register(SelectableChannel channel, int ops, Ready ready) throws IOException {
        return channel.register(selector, ops, ready);
    }

    /**
     * Deregisters cancelled keys now (on the loop's thread): a closed channel's socket is only released once its
     * key is, which otherwise waits for the next select.
     */
    void releaseCancelled() {
        try {
            selector.selectNow(); // keys it finds ready are dispatched in the loop's next turn
        } catch (IOException e) {
            LOG.warn("HTTP event loop: selectNow failed: {}", e.toString());
        }
    }

    @Override
    public void execute(Runnable task) {
        if (shutdown) {
            throw new RejectedExecutionException("the HTTP event loop has stopped");
        }
        tasks.add(task);
        if (Thread.currentThread() != thread && selecting.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    private void loop() {
        try {
            while (!shutdown) {
                selecting.set(true);
                if (tasks.isEmpty()) {
                    selector.select();
                } else {
                    selector.selectNow();
                }
                selecting.set(false);
                dispatchReady();
                runTasks();
            }
        } catch (IOException | RuntimeException | Error e) {
            LOG.error("HTTP event loop failed: {}", e.toString());
        } finally {
            for (SelectionKey key : selector.keys()) {
                try {
                    key.channel().close(); // the listening socket and open connections end with the loop
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // stopping anyway
            }
            terminated.countDown();
        }
    }

    private void dispatchReady() {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (key.isValid()) {
                try {
                    ((Ready) key.attachment()).ready(key);
                } catch (RuntimeException e) {
                    LOG.error("HTTP connection handling failed: {}", e.toString());
                }
            }
        }
    }

    private void runTasks() {
        for (int i = 0; i < TASKS_PER_TURN; i++) {
            Runnable task = tasks.poll();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("HTTP event loop task failed: {}", e.toString());
            }
        }
    }

    @Override
    public void shutdown() {
        shutdown = true;
        selector.wakeup();
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown();
        return List.copyOf(tasks);
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return terminated.getCount() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminated.await(timeout, unit);
    }
}
