package io.drover.node.os;

/** Process queries by pid, for the daemon and for tests. */
public final class Processes {

    private Processes() {
    }

    /** kill(pid, 0): the process exists (a zombie counts; EPERM means it exists but is not ours). */
    public static boolean isAlive(int pid) {
        return Native.LIBC.kill(pid, 0) == 0 || Native.errno() == Errno.EPERM;
    }

    /** The process group of {@code pid}, or -1 if there is no such process. */
    public static int getpgid(int pid) {
        return Native.LIBC.getpgid(pid);
    }

    /** killpg(pgid, signal); false on failure (ESRCH: no such group). */
    public static boolean signalGroup(int pgid, int signal) {
        return Native.LIBC.killpg(pgid, signal) == 0;
    }

    /** kill(pid, signal); false on failure (ESRCH: no such process). */
    public static boolean signal(int pid, int signal) {
        return Native.LIBC.kill(pid, signal) == 0;
    }
}
