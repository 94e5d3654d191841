package io.drover.node.os;

import java.util.Optional;
import jnr.ffi.Pointer;

/**
 * supervisord's {@code minfds}/{@code minprocs}: raise the daemon's soft RLIMIT_NOFILE / RLIMIT_NPROC to the
 * minimum (and the hard limit with it when below, which works as root), or report why the daemon must refuse to
 * start. Children inherit the result. Note that HotSpot raises the soft NOFILE limit to the hard limit at startup
 * unless the launcher passes {@code -XX:-MaxFDLimit}; pass it so children inherit what supervisord's would.
 */
public final class ResourceLimits {

    /** The two limits supervisord checks. */
    public enum Limit {
        NOFILE(7, "RLIMIT_NOFILE", "minfds",
                "The minimum number of file descriptors required to run this process is %d as per the \"minfds\" "
                + "command-line argument or config file setting. The current environment will only allow you to "
                + "open %d file descriptors.  Either raise the number of usable file descriptors in your "
                + "environment (see README.rst) or lower the minfds setting in the config file to allow the "
                + "process to start."),
        NPROC(6, "RLIMIT_NPROC", "minprocs",
                "The minimum number of available processes required to run this program is %d as per the "
                + "\"minprocs\" command-line argument or config file setting. The current environment will only "
                + "allow you to open %d processes.  Either raise the number of usable processes in your "
                + "environment (see README.rst) or lower the minprocs setting in the config file to allow the "
                + "program to start.");

        final int resource;
        final String rlimitName;
        final String setting;
        final String refusal;

        Limit(int resource, String rlimitName, String setting, String refusal) {
            this.resource = resource;
            this.rlimitName = rlimitName;
            this.setting = setting;
            this.refusal = refusal;
        }
    }

    /**
     * The outcome: {@code info} ({@code Increased RLIMIT_NOFILE limit to 1024}) when the limit was raised,
     * {@code refusal} (supervisord's usage text) when it could not be and the daemon must not start.
     */
    public record Outcome(Optional<String> info, Optional<String> refusal) {
        static final Outcome UNCHANGED = new Outcome(Optional.empty(), Optional.empty());
    }

    /** RLIM_INFINITY, shown as -1 as Python's resource module does. */
    static final long INFINITY = -1L;

    private ResourceLimits() {
    }

    /** Makes sure the soft limit is at least {@code minimum}, as supervisord's {@code set_rlimits_or_exit}. */
    public static Outcome ensureMinimum(Limit limit, long minimum) {
        long[] current = get(limit);
        long soft = current[0];
        long hard = current[1];
        if (soft == INFINITY || soft >= minimum) {
            return Outcome.UNCHANGED;
        }
        if (hard != INFINITY && hard < minimum) {
            hard = minimum;
        }
        if (set(limit, minimum, hard)) {
            return new Outcome(Optional.of("Increased " + limit.rlimitName + " limit to " + minimum),
                    Optional.empty());
        }
        // supervisord reports the hard limit it asked for (raised to the minimum), not the one in force.
        return new Outcome(Optional.empty(), Optional.of(String.format(limit.refusal, minimum, hard)));
    }

    /** {soft, hard}; RLIM_INFINITY as -1. */
    public static long[] get(Limit limit) {
        Pointer rlimit = Native.allocate(16);
        if (Native.LIBC.getrlimit(limit.resource, rlimit) != 0) {
            throw new IllegalStateException("getrlimit(" + limit.rlimitName + ") failed: "
                    + Errno.name(Native.errno()));
        }
        return new long[] {rlimit.getLong(0), rlimit.getLong(8)};
    }

    private static boolean set(Limit limit, long soft, long hard) {
        Pointer rlimit = Native.allocate(16);
        rlimit.putLong(0, soft);
        rlimit.putLong(8, hard);
        return Native.LIBC.setrlimit(limit.resource, rlimit) == 0;
    }
}
