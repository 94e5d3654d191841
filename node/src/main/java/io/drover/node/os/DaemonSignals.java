package io.drover.node.os;

import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import jnr.ffi.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Delivers the daemon's own signals (the ones supervisord acts on) to one Java callback.
 *
 * <p>HotSpot reserves SIGQUIT for thread dumps and refuses {@code sun.misc.Signal} for it; with {@code -Xrs} it
 * refuses HUP/INT/TERM too. So there are two ways in, chosen per signal at {@link #install}:
 * <ul>
 *   <li><b>signalfd</b> (complete): the launcher starts the JVM with the five signals blocked, {@code -Xrs}, and
 *       HotSpot's suspend/resume signal moved off SIGUSR2:
 *       {@code env --block-signal=HUP --block-signal=INT --block-signal=QUIT --block-signal=TERM
 *       --block-signal=USR2 _JAVA_SR_SIGNUM=39 java -Xrs -XX:+StartAttachListener ...}. Blocked in every thread
 *       (under -Xrs HotSpot unblocks none of them), they stay pending for the process and the reactor reads them
 *       from a signalfd. {@code -XX:+StartAttachListener} keeps jcmd/jstack working (they would otherwise send
 *       SIGQUIT to start the attach listener). Under -Xrs the JVM runs no sun.misc.Signal handlers at all.</li>
 *   <li><b>sun.misc.Signal</b> (fallback, a plain {@code java} launch): HUP, INT, TERM and USR2; SIGQUIT stays
 *       the JVM's (a thread dump on stdout) and is reported as {@link Route#NOT_HANDLED}.</li>
 * </ul>
 * Children never see the blocked mask: the spawner resets it, and the JDK's own process launcher does as well.
 * {@code _JAVA_SR_SIGNUM} is in the daemon's environment: leave it out of children's environments.
 */
public final class DaemonSignals implements AutoCloseable {

    /** The signals supervisord handles, with their Linux numbers. */
    public enum DaemonSignal {
        HUP(1), INT(2), QUIT(3), USR2(12), TERM(15);

        public final int number;

        DaemonSignal(int number) {
            this.number = number;
        }
    }

    /** How a signal reaches the callback. */
    public enum Route { SIGNALFD, JVM_HANDLER, NOT_HANDLED }

    private static final Logger LOG = LoggerFactory.getLogger(DaemonSignals.class);
    private static final int SIG_BLOCK = 0;
    /** sa_handler of an ignored signal. */
    private static final long SIG_IGN = 1;
    private static final int SFD_NONBLOCK = Native.O_NONBLOCK;
    private static final int SFD_CLOEXEC = Native.O_CLOEXEC;
    private static final int SIGINFO_SIZE = 128;

    private final Reactor reactor;
    private final Consumer<DaemonSignal> callback;
    private final Map<DaemonSignal, Route> routes = new EnumMap<>(DaemonSignal.class);
    private final Map<DaemonSignal, SignalHandler> previous = new EnumMap<>(DaemonSignal.class);
    private volatile int signalFd = -1;

    private DaemonSignals(Reactor reactor, Consumer<DaemonSignal> callback) {
        this.reactor = reactor;
        this.callback = callback;
    }

    /**
     * Starts delivering. The callback runs on the reactor thread (signalfd) or the JVM's signal dispatcher thread
     * (sun.misc.Signal); it must hand off (e.g. tell an actor) and return.
     */
    public static DaemonSignals install(OsLayer os, Consumer<DaemonSignal> callback) {
        DaemonSignals signals = new DaemonSignals(os.reactor(), callback);
        signals.install();
        return signals;
    }

    /** Which way each signal arrives (NOT_HANDLED: the JVM's default, e.g. SIGQUIT's thread dump). */
    public Map<DaemonSignal, Route> routes() {
        return Map.copyOf(routes);
    }

    private void install() {
        boolean reducedSignals = ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-Xrs");
        Pointer blocked = Native.allocate(128);
        Native.LIBC.pthread_sigmask(SIG_BLOCK, null, blocked);
        Pointer fdMask = Native.allocate(128);
        Native.LIBC.sigemptyset(fdMask);
        boolean anyFd = false;
        for (DaemonSignal signal : DaemonSignal.values()) {
            boolean viaFd = reducedSignals && Native.LIBC.sigismember(blocked, signal.number) == 1;
            if (viaFd) {
                Native.LIBC.sigaddset(fdMask, signal.number);
                // A signal ignored at exec (nohup) would be discarded, never queued: make it default (it is
                // blocked, so the default action cannot run).
                Native.LIBC.sigaction(signal.number, Native.allocate(256), null);
                routes.put(signal, Route.SIGNALFD);
                anyFd = true;
            } else if (!reducedSignals) {
                routes.put(signal, jvmHandler(signal));
            } else {
                routes.put(signal, Route.NOT_HANDLED);
            }
        }
        if (anyFd) {
            int fd = Native.LIBC.signalfd(-1, fdMask, SFD_NONBLOCK | SFD_CLOEXEC);
            if (fd < 0) {
                throw new IllegalStateException("signalfd failed: " + Errno.name(Native.errno()));
            }
            signalFd = fd;
            reactor.execute(() -> reactor.add(fd, Reactor.EPOLLIN, ready -> readSignals(fd)));
        }
        LOG.debug("daemon signal routes: {}", routes);
    }

    private Route jvmHandler(DaemonSignal signal) {
        // HotSpot leaves a shutdown signal (HUP, INT, TERM) that was ignored at exec ignored and reports success
        // (nohup, or a shell's background job for INT): supervisord handles it anyway, so make it default first.
        Pointer current = Native.allocate(256);
        if (Native.LIBC.sigaction(signal.number, null, current) == 0 && current.getLong(0) == SIG_IGN) {
            Native.LIBC.sigaction(signal.number, Native.allocate(256), null);
        }
        try {
            previous.put(signal, Signal.handle(new Signal(signal.name()), s -> deliver(signal)));
            return Route.JVM_HANDLER;
        } catch (IllegalArgumentException e) {
            // HotSpot keeps SIGQUIT (thread dumps) and, under -Xrs, the shutdown signals.
            return Route.NOT_HANDLED;
        }
    }

    private void readSignals(int fd) {
        Pointer info = Native.allocate(SIGINFO_SIZE);
        while (Native.LIBC.read(fd, info, SIGINFO_SIZE) == SIGINFO_SIZE) {
            int number = info.getInt(0);
            for (DaemonSignal signal : DaemonSignal.values()) {
                if (signal.number == number) {
                    deliver(signal);
                }
            }
        }
    }

    private void deliver(DaemonSignal signal) {
        try {
            callback.accept(signal);
        } catch (RuntimeException e) {
            LOG.error("daemon signal handler failed for SIG{}", signal, e);
        }
    }

    /** Restores the JVM handlers that were replaced and closes the signalfd. */
    @Override
    public void close() {
        previous.forEach((signal, handler) -> Signal.handle(new Signal(signal.name()), handler));
        previous.clear();
        int fd = signalFd;
        if (fd >= 0) {
            signalFd = -1;
            reactor.execute(() -> {
                reactor.remove(fd);
                Native.LIBC.close(fd);
            });
        }
    }
}
