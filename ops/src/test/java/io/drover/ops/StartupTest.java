package io.drover.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the distribution's start-up leaves visible, on real JVMs: library logging (configured in code by
 * {@link LibraryLogging}, not from an XML file) still reports warnings on stderr and keeps Pekko's TcpListener
 * quiet, and {@code -Ddrover.trace.startup=true} prints the daemon's phases in the order they happen.
 */
class StartupTest {
    private static final Pattern TRACE = Pattern.compile("^drover startup: +(\\d+) ms  (\\S+) +cpu +\\d+ ms  (.+)$");

    private final List<Process> started = new ArrayList<>();
    private Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        List<Long> children = dir == null ? List.of() : DaemonLogText.spawnedPids(read("d.log"));
        boolean forced = false;
        for (Process p : started) {
            // SIGTERM: the daemon stops its programs before it exits.
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                forced = true;
            }
        }
        for (long pid : children) {
            // a daemon that had to be killed left its program behind (else the pid may be someone else's by now)
            if (forced && DaemonProcessTest.alive(pid)) {
                new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
            }
        }
        if (dir != null) {
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
        }
    }

    /** Run in its own JVM by the test below: logs as a library would. */
    static final class LibraryProbe {
        public static void main(String[] args) {
            LoggerFactory.getLogger("io.drover.probe").info("not shown: below WARN");
            LoggerFactory.getLogger("io.drover.probe").warn("library warning {}", 1);
            LoggerFactory.getLogger(LibraryLogging.SILENCED).error("not shown: silenced");
            LoggerFactory.getLogger("org.apache.pekko.actor.ActorSystemImpl").error("library error");
        }
    }

    @Test
    void libraryWarningsAndErrorsReachStderrAndTcpListenerStaysQuiet() throws Exception {
        dir = Files.createTempDirectory("drover-startup");
        Process p = jvm(List.of(), LibraryProbe.class.getName());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        List<String> lines = Files.readAllLines(dir.resolve("out.txt"));
        assertEquals(2, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  io\\.drover\\.probe - library warning 1"),
                lines.get(0));
        // %logger{36}: a longer name is shortened from the left.
        assertTrue(lines.get(1).matches(
                "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ERROR o\\.apache\\.pekko\\.actor\\.ActorSystemImpl - library error"),
                lines.get(1));
    }

    @Test
    void traceFlagPrintsThePhasesUpToTheStartedLine() throws Exception {
        Process daemon = traced("", "actor config parsed");
        List<String> main = new ArrayList<>();
        List<String> preload = new ArrayList<>();
        phases(main, preload);
        assertEquals(List.of("main", "config read", "main log open", "reactor started", "actor system up",
                "signals installed", "http servers listening", "started line"), main);
        // No HTTP server in this config: Pekko HTTP is not made ready.
        assertEquals(List.of("libc bound", "logging configured", "actor config parsed"), preload);
        assertTrue(read("d.log").contains("supervisord started with pid " + daemon.pid()));
        assertFalse(read("d.log").contains("drover startup"));
    }

    @Test
    void withAnHttpServerPekkoHttpIsPreparedOnThePreloadThread() throws Exception {
        traced("[unix_http_server]\nfile=%(here)s/s.sock\n\n", "http preloaded");
        List<String> main = new ArrayList<>();
        List<String> preload = new ArrayList<>();
        phases(main, preload);
        assertEquals(List.of("libc bound", "logging configured", "actor config parsed", "http preloaded"), preload);
        assertTrue(Files.exists(dir.resolve("s.sock")));
    }

    /**
     * A traced daemon with one program and {@code extra} sections, once the program is RUNNING and the preload
     * thread has reached {@code lastPreload} (its lines may come after the main thread's).
     */
    private Process traced(String extra, String lastPreload) throws Exception {
        dir = Files.createTempDirectory("drover-startup");
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("d.log") + "\npidfile=" + dir.resolve("d.pid")
                + "\nchildlogdir=" + dir + "\n\n" + extra + "[program:p0]\ncommand=sleep 1000\nstartsecs=0\n");
        Process daemon = jvm(List.of("-Ddrover.trace.startup=true"), "io.drover.ops.DroverMain", "-n", "-s", "-c",
                conf.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!read("out.txt").contains("started line") || !read("out.txt").contains(lastPreload)
                || !read("d.log").contains("success: p0")) {
            assertTrue(daemon.isAlive(), read("out.txt"));
            assertTrue(System.nanoTime() < deadline, read("out.txt"));
            Thread.sleep(20);
        }
        return daemon;
    }

    /** The trace lines by thread, checked to be in time order. */
    private void phases(List<String> main, List<String> preload) {
        long last = -1;
        for (String line : read("out.txt").split("\n")) {
            if (!line.startsWith("drover startup:")) {
                continue; // a JVM's own warning is not the trace's business
            }
            Matcher m = TRACE.matcher(line);
            assertTrue(m.matches(), line);
            (m.group(2).equals("main") ? main : preload).add(m.group(3));
            assertTrue(Long.parseLong(m.group(1)) >= last, line);
            last = Long.parseLong(m.group(1));
        }
    }

    private String read(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "";
        }
    }

    /** A JVM on this test's classpath, stdout and stderr to {@code out.txt}; signals as bin/drover blocks them. */
    private Process jvm(List<String> options, String... mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "--block-signal=HUP", "--block-signal=INT",
                "--block-signal=QUIT", "--block-signal=TERM", "--block-signal=USR2", "_JAVA_SR_SIGNUM=39",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xrs",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(mainAndArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        started.add(p);
        return p;
    }
}
