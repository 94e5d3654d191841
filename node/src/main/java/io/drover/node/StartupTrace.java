package io.drover.node;

import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The daemon's start-up phases on stderr when {@code -Ddrover.trace.startup=true} (e.g. through
 * {@code DROVER_JAVA_OPTS}): one line per phase with the milliseconds since the JVM started, the thread and that
 * thread's CPU time so far. Off, a mark is one boolean test; the management classes load only when it is on.
 */
public final class StartupTrace {
    private static final boolean ON = Boolean.getBoolean("drover.trace.startup");

    private StartupTrace() {
    }

    public static boolean enabled() {
        return ON;
    }

    /** Notes that {@code phase} just ended on this thread. */
    public static void mark(String phase) {
        if (ON) {
            Clock.print(phase);
        }
    }

    /** Loaded only when tracing. */
    private static final class Clock {
        private static final RuntimeMXBean RUNTIME = ManagementFactory.getRuntimeMXBean();
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        static synchronized void print(String phase) {
            System.err.println(String.format(Locale.ROOT, "drover startup: %5d ms  %-15s cpu %4d ms  %s",
                    RUNTIME.getUptime(), Thread.currentThread().getName(),
                    THREADS.getCurrentThreadCpuTime() / 1_000_000, phase));
        }
    }
}
