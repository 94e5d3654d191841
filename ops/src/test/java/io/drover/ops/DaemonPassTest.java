package io.drover.ops;

import static io.drover.ops.DaemonLogText.count;
import static io.drover.ops.DaemonLogText.signal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What one pass of the daemon is built from, checked on the real daemon process against what supervisord 4.2.5 does
 * on the same file: SIGHUP reads the whole file again (log, pidfile, HTTP servers and their credentials),
 * {@code user=} switches the whole daemon before it opens anything, and an autostart pass logs every
 * {@code spawned:} before its {@code success:} lines.
 */
class DaemonPassTest {

    private static final Duration T = Duration.ofSeconds(30);
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final String GET_STATE = "<?xml version='1.0'?><methodCall><methodName>supervisor.getState"
            + "</methodName><params></params></methodCall>";

    private final Set<Long> toKill = new HashSet<>();
    private Path dir;

    @AfterEach
    void cleanUp() throws Exception {
        for (long pid : toKill) {
            new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        }
        if (dir != null) {
            new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
        }
    }

    @Test
    void sighupRebuildsLogPidfileAndHttpServerFromTheFile() throws Exception {
        dir = Files.createTempDirectory("drover-pass");
        int before = freePort();
        int after = freePort();
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, file("d1", before, "") + programs(2));
        Process daemon = launch(conf);
        toKill.add(daemon.pid());
        awaitStarted(daemon, "d1");
        await("first pass RUNNING", () -> count(log("d1"), "success: ") == 2, "d1");
        toKill.addAll(spawnedPids("d1"));
        assertTrue(log("d1").contains("INFO RPC interface 'supervisor' initialized\n"), log("d1"));
        assertTrue(log("d1").contains(
                "CRIT Server 'inet_http_server' running without any HTTP authentication checking"), log("d1"));
        assertEquals(200, getState(before, null).statusCode());

        Files.writeString(conf, file("d2", after, "username=u\npassword=secret\n") + programs(2));
        signal(daemon.pid(), "HUP");
        await("second pass RUNNING", () -> count(log("d2"), "success: ") == 2, "d2");
        toKill.addAll(spawnedPids("d2"));

        assertTrue(log("d1").contains("WARN received SIGHUP indicating restart request"), log("d1"));
        assertFalse(log("d1").contains("spawned: 'p0' with pid " + spawnedPids("d2").get(0)));
        assertEquals(Long.toString(daemon.pid()), Files.readString(dir.resolve("d2.pid")).trim());
        assertFalse(Files.exists(dir.resolve("d1.pid")), "the old pidfile stays behind");
        assertThrows(ConnectException.class, () -> getState(before, null), "the old port still listens");
        assertEquals(401, getState(after, null).statusCode());
        HttpResponse<String> ok = getState(after, "u:secret");
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("RUNNING"), ok.body());
        String second = log("d2");
        assertTrue(second.contains("INFO RPC interface 'supervisor' initialized\n"), second);
        assertFalse(second.contains("without any HTTP authentication"), second);
        assertTrue(second.contains("INFO supervisord started with pid " + daemon.pid()), second);

        signal(daemon.pid(), "TERM");
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit");
        assertEquals(0, daemon.exitValue());
        assertFalse(Files.exists(dir.resolve("d2.pid")), "pidfile left behind");
    }

    @Test
    void whatReadingTheFileNotedIsLoggedOnEveryPassAsSupervisord() throws Exception {
        // Debian's layout: an [include] of conf.d/*.conf; supervisord logs a glob that matched nothing at WARN and
        // each included file at INFO, right after its log opens, on every pass.
        dir = Files.createTempDirectory("drover-pass");
        Path confd = Files.createDirectory(dir.resolve("conf.d"));
        Files.writeString(confd.resolve("app.conf"), programs(1));
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, file("d1", freePort(), "") + "[include]\nfiles = conf.d/*.conf none.d/*.conf\n");
        Process daemon = launch(conf);
        toKill.add(daemon.pid());
        awaitStarted(daemon, "d1");
        await("RUNNING", () -> count(log("d1"), "success: ") == 1, "d1");
        toKill.addAll(spawnedPids("d1"));
        String warn = "WARN No file matches via include \"" + dir.resolve("none.d/*.conf") + "\"\n";
        String info = "INFO Included extra file \"" + confd.resolve("app.conf") + "\" during parsing\n";
        String log = log("d1");
        assertTrue(log.contains(warn), log);
        assertTrue(log.indexOf(warn) < log.indexOf(info), log);
        assertTrue(log.indexOf(info) < log.indexOf("INFO RPC interface 'supervisor' initialized"), log);

        signal(daemon.pid(), "HUP");
        await("second pass RUNNING", () -> count(log("d1"), "success: ") == 2, "d1");
        toKill.addAll(spawnedPids("d1"));
        assertEquals(2, count(log("d1"), warn), log("d1"));
        assertEquals(2, count(log("d1"), info), log("d1"));
        signal(daemon.pid(), "TERM");
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit");
    }

    @Test
    void autostartLogsEverySpawnBeforeTheFirstSuccess() throws Exception {
        dir = Files.createTempDirectory("drover-pass");
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, file("d1", freePort(), "") + programs(5));
        Process daemon = launch(conf);
        toKill.add(daemon.pid());
        awaitStarted(daemon, "d1");
        await("five RUNNING", () -> count(log("d1"), "success: ") == 5, "d1");
        toKill.addAll(spawnedPids("d1"));
        String log = log("d1");
        assertEquals(5, spawnedPids("d1").size(), log);
        assertTrue(log.lastIndexOf("spawned: ") < log.indexOf("success: "), log);
        for (int i = 0; i < 5; i++) {
            assertTrue(log.indexOf("spawned: 'p" + i + "'") < log.indexOf("spawned: 'p" + (i + 1) + "'")
                    || i == 4, "spawn order\n" + log);
        }
        signal(daemon.pid(), "TERM");
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit");
    }

    @Test
    void userSwitchesEveryThreadBeforeTheLogIsOpened() throws Exception {
        assumeTrue(uidOf("root") == currentUid(), "switching users needs root");
        int nobody = uidOf("nobody");
        dir = Files.createTempDirectory("drover-pass");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nuser=nobody\n" + file("d1", freePort(), "").substring(14)
                + programs(1));
        Process daemon = launch(conf, readableBy(dir.resolve("lib")), true);
        toKill.add(daemon.pid());
        awaitStarted(daemon, "d1");
        await("RUNNING", () -> count(log("d1"), "success: ") == 1, "d1");
        List<Long> children = spawnedPids("d1");
        toKill.addAll(children);

        String first = log("d1").lines().findFirst().orElse("");
        assertTrue(first.endsWith(" INFO Set uid to user " + nobody + " succeeded"), log("d1"));
        assertFalse(log("d1").contains("Supervisor is running as root"), log("d1"));
        assertEquals(nobody, (int) Files.getAttribute(dir.resolve("d1.log"), "unix:uid"));
        assertEquals(nobody, (int) Files.getAttribute(dir.resolve("d1.pid"), "unix:uid"));
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + daemon.pid() + "/task"))) {
            for (Path task : tasks.toList()) {
                assertEquals(nobody, realUid(task), "thread " + task.getFileName() + " kept its uid");
            }
        }
        assertEquals(nobody, realUid(Path.of("/proc/" + children.get(0))));

        signal(daemon.pid(), "TERM");
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit");
        assertEquals(0, daemon.exitValue());
    }

    @Test
    void aDetachedDaemonThatCannotWriteItsPidfileStillStartsAndTheLauncherReturns() throws Exception {
        assumeTrue(uidOf("root") == currentUid(), "switching users needs root");
        dir = Files.createTempDirectory("drover-pass");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path rootOnly = Files.createDirectory(dir.resolve("run"));
        Files.setPosixFilePermissions(rootOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nuser=nobody\nlogfile=" + dir.resolve("d1.log") + "\npidfile="
                + rootOnly.resolve("d.pid") + "\nchildlogdir=" + dir + "\n\n" + programs(1));
        Process launcher = launch(conf, readableBy(dir.resolve("lib")), false);
        toKill.add(launcher.pid());
        // supervisord logs the failure and runs on; the launcher must not wait for a pidfile that never comes.
        assertTrue(launcher.waitFor(STARTUP.toSeconds() + 30, TimeUnit.SECONDS), "launcher still waiting");
        assertEquals(0, launcher.exitValue(), Files.readString(dir.resolve("out.txt")));
        await("RUNNING", () -> count(log("d1"), "success: ") == 1, "d1");
        long child = spawnedPids("d1").get(0);
        toKill.add(child);
        long daemon = parentOf(child);
        toKill.add(daemon);
        assertTrue(log("d1").contains("CRIT could not write pidfile " + rootOnly.resolve("d.pid")), log("d1"));
        assertFalse(log("d1").contains("supervisord started with pid"), log("d1"));
        signal(daemon, "TERM");
        await("daemon gone", () -> !Files.exists(Path.of("/proc/" + daemon)), "d1");
    }

    @Test
    void aDaemonThatIsNotRootRefusesToSwitchUsersAsSupervisord() throws Exception {
        assumeTrue(uidOf("root") == currentUid(), "starting the daemon as nobody needs root");
        dir = Files.createTempDirectory("drover-pass");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nuser=root\nlogfile=" + dir.resolve("d1.log") + "\npidfile="
                + dir.resolve("d1.pid") + "\n\n" + programs(1));
        Process daemon = new ProcessBuilder("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-Ddrover.launcher=drover", "-cp", readableBy(dir.resolve("lib")),
                "io.drover.ops.DroverMain", "-c", conf.toString(), "-n")
                .redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile()).start();
        toKill.add(daemon.pid());
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon started anyway");
        assertEquals(2, daemon.exitValue());
        assertEquals("Error: Can't drop privilege as nonroot user\nFor help, use drover -h\n",
                Files.readString(dir.resolve("out.txt")));
        assertFalse(Files.exists(dir.resolve("d1.pid")));
    }

    @Test
    void aDetachedDaemonInAnotherDirectoryFindsARelativeConfigAndRereadsItOnHup() throws Exception {
        dir = Files.createTempDirectory("drover-pass");
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.writeString(dir.resolve("supervisord.conf"), "[supervisord]\ndirectory=" + elsewhere + "\nlogfile="
                + dir.resolve("d1.log") + "\npidfile=" + dir.resolve("d1.pid") + "\nchildlogdir=" + dir + "\n\n"
                + programs(1));
        // supervisord reads -c before it changes directory; so must the detached daemon.
        Process launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.drover.ops.DroverMain", "-c", "supervisord.conf")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        toKill.add(launcher.pid());
        assertTrue(launcher.waitFor(STARTUP.toSeconds() + 30, TimeUnit.SECONDS), "launcher still waiting");
        assertEquals(0, launcher.exitValue(), Files.readString(dir.resolve("out.txt")));
        await("RUNNING", () -> count(log("d1"), "success: ") == 1, "d1");
        long daemon = Long.parseLong(Files.readString(dir.resolve("d1.pid")).trim());
        toKill.add(daemon);
        toKill.addAll(spawnedPids("d1"));
        assertEquals(elsewhere, Files.readSymbolicLink(Path.of("/proc/" + daemon + "/cwd")));
        assertTrue(log("d1").contains("INFO set current directory: '" + elsewhere + "'"), log("d1"));
        signal(daemon, "HUP");
        await("RUNNING again", () -> count(log("d1"), "success: ") == 2, "d1");
        toKill.addAll(spawnedPids("d1"));
        signal(daemon, "TERM");
        await("daemon gone", () -> !Files.exists(Path.of("/proc/" + daemon)), "d1");
    }

    @Test
    void aSigtermWhileTheServersStartIsAnOrdinaryShutdown() throws Exception {
        dir = Files.createTempDirectory("drover-pass");
        Path sock = dir.resolve("s.sock");
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("d1.log") + "\npidfile="
                + dir.resolve("d1.pid") + "\n\n[unix_http_server]\nfile=" + sock + "\n\n" + programs(1));
        Process daemon = launch(conf);
        toKill.add(daemon.pid());
        // The log opens before the HTTP servers start (pekko-http takes a while to load): signal in that window.
        await("log opened", () -> Files.exists(dir.resolve("d1.log")), "d1");
        signal(daemon.pid(), "TERM");
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit");
        String out = Files.readString(dir.resolve("out.txt"));
        assertEquals(0, daemon.exitValue(), out);
        assertFalse(out.contains("Exception"), out);
        assertTrue(log("d1").contains("WARN received SIGTERM indicating exit request"), log("d1"));
        assertFalse(Files.exists(sock), "socket file left behind");
        toKill.addAll(spawnedPids("d1"));
    }

    @Test
    void clearLogInTheForegroundWritesALinePerHandlerAndLeavesTheNewFileEmpty() throws Exception {
        dir = Files.createTempDirectory("drover-pass");
        Path conf = dir.resolve("supervisord.conf");
        int port = freePort();
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("d1.log") + "\npidfile=" + dir.resolve("d1.pid")
                + "\n\n[inet_http_server]\nport=127.0.0.1:" + port + "\n");
        Process daemon = launch(conf);
        toKill.add(daemon.pid());
        awaitStarted(daemon, "d1");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/RPC2")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(
                        "<?xml version='1.0'?><methodCall><methodName>supervisor.clearLog</methodName>"
                                + "<params></params></methodCall>")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.body().contains("<boolean>1</boolean>"), r.body());
        // supervisord 4.2.5 with -n: its console handler and its file handler each log the line before their
        // reopen, so the console shows it twice and the reopened file starts empty
        await("two reopening lines on the console", () -> count(out(), "INFO reopening log file") == 2, "d1");
        assertEquals("", log("d1"));
        signal(daemon.pid(), "TERM");
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit");
        assertEquals(2, count(out(), "INFO reopening log file"), out());
    }

    private String out() {
        try {
            return Files.readString(dir.resolve("out.txt"));
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void theShutdownReportListsEachStateAtBlather() throws Exception {
        dir = Files.createTempDirectory("drover-pass");
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nloglevel=blather\nlogfile=" + dir.resolve("d1.log") + "\npidfile="
                + dir.resolve("d1.pid") + "\n\n" + programs(2));
        Process daemon = launch(conf);
        toKill.add(daemon.pid());
        awaitStarted(daemon, "d1");
        await("RUNNING", () -> count(log("d1"), "success: ") == 2, "d1");
        toKill.addAll(spawnedPids("d1"));
        signal(daemon.pid(), "TERM");
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit");
        List<String> lines = log("d1").lines().map(l -> l.replaceFirst("^\\S+ \\S+ ", "")
                .replaceAll("pid \\d+", "pid N")).toList();
        int term = lines.indexOf("WARN received SIGTERM indicating exit request");
        assertTrue(term >= 0, log("d1"));
        // supervisord 4.2.5's report after its first stop pass (the last group, p1): every process not stopped
        // yet, then a blather line per process with its state at that moment (its debug 'killing p1' line comes
        // before the report; Drover reports just before signalling, so that no 'stopped:' line can come first).
        assertEquals(List.of("INFO waiting for p0, p1 to die", "BLAT p0 state: RUNNING", "BLAT p1 state: STOPPING",
                "DEBG killing p1 (pid N) with signal SIGTERM"), lines.subList(term + 1, term + 5), log("d1"));
    }

    @Test
    void aTakenPortOrLiveSocketIsRefusedWithSupervisordsWords() throws Exception {
        dir = Files.createTempDirectory("drover-pass");
        Path conf = dir.resolve("supervisord.conf");
        String expected = "Error: Another program is already listening on a port that one of our HTTP servers is"
                + " configured to use.  Shut this program down first before starting supervisord.\n"
                + "For help, use drover -h\n";
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Files.writeString(conf, file("d1", taken.getLocalPort(), "") + programs(1));
            assertRefused(conf, expected);
        }
        Path sock = dir.resolve("live.sock");
        try (var live = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            live.bind(java.net.UnixDomainSocketAddress.of(sock));
            // supervisord's probe (and Drover's) sends a request and waits for a byte of the answer.
            Thread answer = new Thread(() -> {
                try (var c = live.accept()) {
                    c.read(java.nio.ByteBuffer.allocate(64)); // the probe's request first: closing early is EPIPE
                    c.write(java.nio.ByteBuffer.wrap("HTTP/1.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                    // the test fails on the daemon's output instead
                }
            });
            answer.start();
            Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("d1.log") + "\npidfile="
                    + dir.resolve("d1.pid") + "\n\n[unix_http_server]\nfile=" + sock + "\n\n" + programs(1));
            assertRefused(conf, expected);
            assertTrue(Files.exists(sock), "the other program's socket is left alone");
            answer.join(10_000);
        }
    }

    private void assertRefused(Path conf, String expected) throws Exception {
        Process daemon = launch(conf);
        toKill.add(daemon.pid());
        assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon started anyway");
        assertEquals(2, daemon.exitValue());
        String out = Files.readString(dir.resolve("out.txt"));
        assertTrue(out.endsWith(expected), out);
        assertFalse(out.contains("spawned:"), out);
        assertFalse(Files.exists(dir.resolve("d1.pid")));
    }

    @Test
    void aStaleSocketFileIsUnlinkedWithSupervisordsNotice() throws Exception {
        dir = Files.createTempDirectory("drover-pass");
        Path sock = dir.resolve("stale.sock");
        Files.writeString(sock, "left by a crash");
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=" + dir.resolve("d1.log") + "\npidfile="
                + dir.resolve("d1.pid") + "\n\n[unix_http_server]\nfile=" + sock + "\n\n" + programs(1));
        Process daemon = launch(conf);
        toKill.add(daemon.pid());
        awaitStarted(daemon, "d1");
        await("RUNNING", () -> count(log("d1"), "success: ") == 1, "d1");
        toKill.addAll(spawnedPids("d1"));
        assertTrue(Files.readString(dir.resolve("out.txt")).contains("Unlinking stale socket " + sock + "\n"),
                Files.readString(dir.resolve("out.txt")));
        assertFalse(Files.isRegularFile(sock), "replaced by the daemon's socket");
        signal(daemon.pid(), "TERM");
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit");
    }

    // ---- the daemon and its files -----------------------------------------------------------------------------

    @Test
    void eventSerialsGoOnAcrossSighup() throws Exception {
        // supervisord's global serial belongs to the process: a listener never sees serial 0 again after a reload
        dir = Files.createTempDirectory("drover-pass");
        Path listener = dir.resolve("listener.py");
        Files.writeString(listener, """
                import sys
                out = open(sys.argv[1], 'a')
                while True:
                    sys.stdout.write('READY\\n'); sys.stdout.flush()
                    line = sys.stdin.readline()
                    if not line: break
                    h = dict(x.split(':', 1) for x in line.split())
                    sys.stdin.read(int(h['len']))
                    out.write(h['serial'] + ' ' + h['eventname'] + '\\n'); out.flush()
                    sys.stdout.write('RESULT 2\\nOK'); sys.stdout.flush()
                """);
        Path serials = dir.resolve("serials.txt");
        String section = "[eventlistener:L]\ncommand=python3 " + listener + " " + serials
                + "\nevents=PROCESS_GROUP_ADDED\n\n";
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, file("d1", freePort(), "") + section + programs(1));
        Process daemon = launch(conf);
        toKill.add(daemon.pid());
        awaitStarted(daemon, "d1");
        await("first pass events", () -> lines(serials).size() == 2, "d1");
        toKill.addAll(spawnedPids("d1"));
        Files.writeString(conf, file("d2", freePort(), "") + section + programs(1));
        signal(daemon.pid(), "HUP");
        await("second pass events", () -> lines(serials).size() == 4, "d2");
        toKill.addAll(spawnedPids("d2"));
        List<String> got = lines(serials);
        assertEquals(List.of("0 PROCESS_GROUP_ADDED", "1 PROCESS_GROUP_ADDED"), got.subList(0, 2));
        long firstOfSecondPass = Long.parseLong(got.get(2).split(" ")[0]);
        assertTrue(firstOfSecondPass >= 2, "serials restarted after SIGHUP: " + got);
        assertEquals(firstOfSecondPass + 1, Long.parseLong(got.get(3).split(" ")[0]), got.toString());

        signal(daemon.pid(), "TERM");
        assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "daemon did not exit");
    }

    private static List<String> lines(Path p) {
        try {
            return Files.exists(p) ? Files.readAllLines(p) : List.of();
        } catch (IOException e) {
            return List.of();
        }
    }

    private String file(String name, int port, String credentials) {
        return "[supervisord]\nlogfile=" + dir.resolve(name + ".log") + "\npidfile=" + dir.resolve(name + ".pid")
                + "\nchildlogdir=" + dir + "\n\n[inet_http_server]\nport=127.0.0.1:" + port + "\n" + credentials
                + "\n";
    }

    private static String programs(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("[program:p").append(i).append("]\ncommand=sleep 1000\nstartsecs=0\n\n");
        }
        return sb.toString();
    }

    private Process launch(Path conf) throws IOException {
        return launch(conf, System.getProperty("java.class.path"), true);
    }

    /**
     * This test's classpath, readable by any user: the JVM loads classes lazily, after the switch, and the local
     * Maven repository may sit in root's private home. Jars are hard-linked (copied across file systems).
     */
    private static String readableBy(Path lib) throws IOException {
        Files.createDirectories(lib);
        List<String> out = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(p)) {
                out.add(entry);
                continue;
            }
            Path link = lib.resolve((i++) + "-" + p.getFileName());
            try {
                Files.createLink(link, p);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(p, link);
            }
            out.add(link.toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    /** As bin/drover runs the JVM (signals blocked, read from a signalfd), in the foreground. */
    private Process launch(Path conf, String classpath, boolean foreground) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("env", "--block-signal=HUP", "--block-signal=INT",
                "--block-signal=QUIT", "--block-signal=TERM", "--block-signal=USR2", "_JAVA_SR_SIGNUM=39",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xrs",
                "-XX:+StartAttachListener", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", classpath, "io.drover.ops.DroverMain", "-c", conf.toString()));
        if (foreground) {
            cmd.add("-n");
        }
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("out.txt").toFile())
                .start();
    }

    private static HttpResponse<String> getState(int port, String userColonPassword) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/RPC2"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString(GET_STATE));
        if (userColonPassword != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    userColonPassword.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "";
        }
    }

    private List<Long> spawnedPids(String name) {
        return DaemonLogText.spawnedPids(log(name));
    }


    private static int realUid(Path procEntry) throws IOException {
        for (String line : Files.readAllLines(procEntry.resolve("status"))) {
            if (line.startsWith("Uid:")) {
                return Integer.parseInt(line.split("\\s+")[1]);
            }
        }
        throw new AssertionError("no Uid in " + procEntry);
    }

    private static long parentOf(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("PPid:")) {
                return Long.parseLong(line.substring(5).trim());
            }
        }
        throw new AssertionError("no PPid for " + pid);
    }

    private static int currentUid() throws IOException {
        return realUid(Path.of("/proc/self"));
    }

    private static int uidOf(String user) throws Exception {
        Process p = new ProcessBuilder("id", "-u", user).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), "id -u " + user);
        return Integer.parseInt(out);
    }

    /**
     * The daemon's {@code supervisord started with pid} line: a JVM without the CDS archive on a loaded machine
     * takes long to get there, so this waits as long as the daemon lives (up to {@link #STARTUP}, against a hang).
     */
    private void awaitStarted(Process daemon, String logName) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!log(logName).contains("supervisord started with pid")) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the daemon did not start (" + (daemon.isAlive() ? "alive" : "exited "
                        + daemon.exitValue()) + ")\n" + log(logName) + "\n" + Files.readString(dir.resolve("out.txt")));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void await(String what, BooleanSupplier condition, String logName) {
        long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "\n" + log(logName));
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
