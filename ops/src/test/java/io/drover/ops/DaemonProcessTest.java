package io.drover.ops;

import static io.drover.ops.DaemonLogText.count;
import static io.drover.ops.DaemonLogText.signal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The daemon as a real process, launched as bin/drover launches it (signals blocked and read from a signalfd):
 * SIGHUP restarts the children in the same daemon, SIGTERM leaves nothing behind, and the default mode detaches.
 */
class DaemonProcessTest {

    private static final Duration T = Duration.ofSeconds(30);

    private final Set<Long> toKill = new HashSet<>();
    private Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        for (long pid : toKill) {
            new ProcessBuilder("kill", "-9", "--", "-" + pid).start().waitFor();
            new ProcessBuilder("kill", "-9", "" + pid).start().waitFor();
        }
    }

    @Test
    void sighupKeepsTheDaemonPidAndRestartsChildren() throws Exception {
        Path conf = config();
        Process daemon = launch(conf, true);
        toKill.add(daemon.pid());
        await("both RUNNING", () -> count(log(), "success: ") == 2);
        List<Long> first = spawnedPids();
        toKill.addAll(first);

        signal(daemon.pid(), "HUP");
        await("respawned", () -> spawnedPids().size() == 4 && count(log(), "success: ") == 4);
        List<Long> all = spawnedPids();
        toKill.addAll(all);
        assertTrue(daemon.isAlive());
        assertEquals(Long.toString(daemon.pid()), Files.readString(dir.resolve("d.pid")).trim());
        for (long pid : first) {
            assertFalse(alive(pid), "old child " + pid + " still alive");
        }
        assertNotEquals(first, all.subList(2, 4));
        assertTrue(log().contains("WARN received SIGHUP indicating restart request"), log());
        stopAndCheck(daemon.pid(), daemon, all.subList(2, 4));
    }

    @Test
    void sigtermStopsEveryChildAndRemovesThePidfile() throws Exception {
        Path conf = config();
        Process daemon = launch(conf, true);
        toKill.add(daemon.pid());
        await("both RUNNING", () -> count(log(), "success: ") == 2);
        List<Long> pids = spawnedPids();
        toKill.addAll(pids);
        stopAndCheck(daemon.pid(), daemon, pids);
    }

    @Test
    void withoutDashNTheLauncherReturnsOnceTheDaemonRuns() throws Exception {
        Path conf = config();
        Process launcher = launch(conf, false);
        toKill.add(launcher.pid());
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "launcher did not return");
        assertEquals(0, launcher.exitValue());
        long daemonPid = Long.parseLong(Files.readString(dir.resolve("d.pid")).trim());
        toKill.add(daemonPid);
        assertNotEquals(launcher.pid(), daemonPid);
        assertTrue(alive(daemonPid));
        await("both RUNNING", () -> count(log(), "success: ") == 2);
        List<Long> pids = spawnedPids();
        toKill.addAll(pids);
        stopAndCheck(daemonPid, null, pids);
    }

    /** The launcher's _JAVA_SR_SIGNUM is the JVM's, not the daemon's: %(ENV__JAVA_SR_SIGNUM)s does not expand. */
    @Test
    void theLaunchersJvmVariableIsNotAnExpansionName() throws Exception {
        dir = Files.createTempDirectory("drover-daemon");
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("d.log") + "\npidfile=" + dir.resolve("d.pid")
                + "\n\n[program:a]\ncommand=sleep %(ENV__JAVA_SR_SIGNUM)s\n");
        Process daemon = launch(conf, true);
        toKill.add(daemon.pid());
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit");
        String out = Files.readString(dir.resolve("stdout.txt"));
        assertEquals(2, daemon.exitValue(), out);
        assertTrue(out.contains("contains names ('ENV__JAVA_SR_SIGNUM') which cannot be expanded"), out);
    }

    private void stopAndCheck(long daemonPid, Process daemon, List<Long> children) throws Exception {
        List<Long> grandchildren = new ArrayList<>();
        for (long c : children) {
            grandchildren.addAll(childrenOf(c));
        }
        toKill.addAll(grandchildren);
        signal(daemonPid, "TERM");
        if (daemon != null) {
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit");
            assertEquals(0, daemon.exitValue());
        } else {
            await("daemon gone", () -> !alive(daemonPid));
        }
        for (long pid : children) {
            assertFalse(alive(pid), "child " + pid + " left behind");
        }
        for (long pid : grandchildren) {
            assertFalse(alive(pid), "grandchild " + pid + " left behind");
        }
        assertFalse(Files.exists(dir.resolve("d.pid")), "pidfile left behind");
        assertTrue(log().contains("WARN received SIGTERM indicating exit request"), log());
    }

    private Path config() throws IOException {
        dir = Files.createTempDirectory("drover-daemon");
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("d.log") + "\npidfile=" + dir.resolve("d.pid")
                + "\nchildlogdir=" + dir + "\n\n"
                + "[program:a]\ncommand=sleep 1000\npriority=1\n\n"
                + "[program:b]\ncommand=sh -c \"sleep 1000 & wait\"\nstopasgroup=true\npriority=2\n");
        return conf;
    }

    /** As bin/drover runs the JVM, on this test's classpath. */
    private Process launch(Path conf, boolean foreground) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "--block-signal=HUP", "--block-signal=INT",
                "--block-signal=QUIT", "--block-signal=TERM", "--block-signal=USR2", "_JAVA_SR_SIGNUM=39",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xrs",
                "-XX:+StartAttachListener", "-XX:-MaxFDLimit", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.drover.ops.DroverMain", "-c", conf.toString()));
        if (foreground) {
            cmd.add("-n");
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(foreground ? "stdout.txt" : "launcher.txt").toFile()).start();
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("d.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private List<Long> spawnedPids() {
        return DaemonLogText.spawnedPids(log());
    }


    static boolean alive(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException e) {
            return false;
        }
    }

    static List<Long> childrenOf(long pid) {
        List<Long> out = new ArrayList<>();
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children")).trim();
            for (String p : s.isEmpty() ? new String[0] : s.split("\\s+")) {
                out.add(Long.parseLong(p));
            }
        } catch (IOException e) {
            // gone
        }
        return out;
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + log());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
