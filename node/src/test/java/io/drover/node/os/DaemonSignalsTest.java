package io.drover.node.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.os.DaemonSignals.DaemonSignal;
import io.drover.node.os.DaemonSignals.Route;
import io.drover.node.testing.Eventually;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DaemonSignalsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void jvmHandlersInAPlainJvm() throws Exception {
        LinkedBlockingQueue<DaemonSignal> got = new LinkedBlockingQueue<>();
        try (OsLayer os = OsLayer.start(); DaemonSignals signals = DaemonSignals.install(os, got::add)) {
            assertEquals(Route.JVM_HANDLER, signals.routes().get(DaemonSignal.HUP));
            assertEquals(Route.JVM_HANDLER, signals.routes().get(DaemonSignal.USR2));
            assertEquals(Route.NOT_HANDLED, signals.routes().get(DaemonSignal.QUIT));
            int self = Native.LIBC.getpid();
            Processes.signal(self, DaemonSignal.HUP.number);
            assertEquals(DaemonSignal.HUP, got.poll(10, TimeUnit.SECONDS));
            Processes.signal(self, DaemonSignal.USR2.number);
            assertEquals(DaemonSignal.USR2, got.poll(10, TimeUnit.SECONDS));
        }
    }

    /**
     * A plain JVM started with the shutdown signals ignored (nohup; INT and QUIT in a shell's background job):
     * HotSpot would keep them ignored while reporting its handler installed; supervisord handles them anyway.
     */
    @Test
    void jvmHandlersCatchSignalsThatWereIgnoredAtExec() throws Exception {
        probe("--ignore-signal=HUP --ignore-signal=INT --ignore-signal=TERM --ignore-signal=USR2", "",
                "routes {HUP=JVM_HANDLER, INT=JVM_HANDLER, QUIT=NOT_HANDLED, USR2=JVM_HANDLER, TERM=JVM_HANDLER}",
                DaemonSignal.HUP, DaemonSignal.INT, DaemonSignal.USR2, DaemonSignal.TERM);
    }

    @Test
    void signalfdWithBlockedSignalsAndXrsCatchesQuitToo() throws Exception {
        probe("--block-signal=HUP --block-signal=INT --block-signal=QUIT --block-signal=TERM --block-signal=USR2"
                        + " _JAVA_SR_SIGNUM=39", "-Xrs -XX:+StartAttachListener",
                "routes {HUP=SIGNALFD, INT=SIGNALFD, QUIT=SIGNALFD, USR2=SIGNALFD, TERM=SIGNALFD}",
                DaemonSignal.HUP, DaemonSignal.QUIT, DaemonSignal.USR2, DaemonSignal.INT, DaemonSignal.TERM);
    }

    /**
     * Runs {@link SignalProbeMain} in a JVM started through {@code env ENV_ARGS}, checks the routes it reports, then
     * sends it each signal in turn and waits for it to report each; it exits 0 after the last.
     */
    private static void probe(String envArgs, String jvmFlags, String routes, DaemonSignal... sent) throws Exception {
        String java = System.getProperty("java.home") + "/bin/java";
        String classpath = System.getProperty("java.class.path");
        String command = "/usr/bin/env " + envArgs + " '" + java + "' " + jvmFlags + " -XX:TieredStopAtLevel=1 -cp '"
                + classpath + "' " + SignalProbeMain.class.getName();
        Recorder r = new Recorder();
        try (OsLayer os = OsLayer.start()) {
            Child child = os.launcher().spawn(new SpawnRequest(command, System.getenv(), Optional.empty(),
                    Optional.empty(), Optional.empty(), false, Optional.empty()), r);
            try {
                Eventually.await(WAIT, "routes line", () -> r.out().contains("routes"));
                assertTrue(r.out().contains(routes), r.out() + r.err());
                for (DaemonSignal s : sent) {
                    child.signal(s.number);
                    Eventually.await(WAIT, "got " + s, () -> r.out().contains("got " + s + "\n"));
                }
                ExitStatus status = r.awaitExit(WAIT);
                assertEquals(0, status.code(), r.err());
            } finally {
                child.signal(9);
            }
        }
    }
}
