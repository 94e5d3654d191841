package io.drover.node.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drover.node.os.ResourceLimits.Limit;
import io.drover.node.os.ResourceLimits.Outcome;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResourceLimitsTest {

    @Test
    void aLimitAlreadyHighEnoughIsLeftAlone() {
        long soft = ResourceLimits.get(Limit.NOFILE)[0];
        assertEquals(new Outcome(Optional.empty(), Optional.empty()), ResourceLimits.ensureMinimum(Limit.NOFILE, 64));
        assertEquals(soft, ResourceLimits.get(Limit.NOFILE)[0]);
        assertEquals(new Outcome(Optional.empty(), Optional.empty()), ResourceLimits.ensureMinimum(Limit.NPROC, 1));
    }

    @Test
    void anImpossibleMinimumIsRefusedWithSupervisordsText() {
        // Beyond fs.nr_open even root cannot raise RLIMIT_NOFILE.
        Outcome outcome = ResourceLimits.ensureMinimum(Limit.NOFILE, 1L << 40);
        assertEquals(Optional.empty(), outcome.info());
        assertEquals(Optional.of("The minimum number of file descriptors required to run this process is "
                + "1099511627776 as per the \"minfds\" command-line argument or config file setting. The current "
                + "environment will only allow you to open 1099511627776 file descriptors.  Either raise the number "
                + "of usable file descriptors in your environment (see README.rst) or lower the minfds setting in "
                + "the config file to allow the process to start."), outcome.refusal());
    }

    @Test
    void theSoftLimitIsRaisedToTheMinimum() {
        long[] nproc = ResourceLimits.get(Limit.NPROC);
        assumeTrue(nproc[0] != ResourceLimits.INFINITY && nproc[0] > 10, "finite NPROC limit");
        try {
            // Lower the soft limit a little (still far above what this JVM uses), then ask for it back.
            jnr.ffi.Pointer rlimit = Native.allocate(16);
            rlimit.putLong(0, nproc[0] - 1);
            rlimit.putLong(8, nproc[1]);
            assertEquals(0, Native.LIBC.setrlimit(Limit.NPROC.resource, rlimit));
            Outcome raised = ResourceLimits.ensureMinimum(Limit.NPROC, nproc[0]);
            assertEquals(Optional.of("Increased RLIMIT_NPROC limit to " + nproc[0]), raised.info());
            assertEquals(nproc[0], ResourceLimits.get(Limit.NPROC)[0]);
        } finally {
            jnr.ffi.Pointer rlimit = Native.allocate(16);
            rlimit.putLong(0, nproc[0]);
            rlimit.putLong(8, nproc[1]);
            Native.LIBC.setrlimit(Limit.NPROC.resource, rlimit);
        }
    }
}
