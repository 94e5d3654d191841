package io.drover.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * droverctl against the stock supervisorctl, both driving one real Drover daemon (unix socket and an inet server
 * with auth): every step runs first through {@code /usr/bin/supervisorctl}, then through droverctl, and the two
 * transcripts (stdout, stderr, exit code) must be identical once pids, uptimes and dates are normalized. A step that
 * changes state returns to where it started, so both clients see the same daemon.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DroverCtlConformanceTest {
    private static final Duration T = Duration.ofSeconds(20);

    private Path dir;
    private Path conf;
    private Path socket;
    private int port;
    private Process daemon;
    private final Set<Long> toKill = new HashSet<>();

    @BeforeAll
    void startDaemon() throws Exception {
        dir = Files.createTempDirectory("droverctl");
        conf = dir.resolve("supervisord.conf");
        socket = dir.resolve("s.sock");
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Files.writeString(conf, "[supervisord]\nlogfile=%(here)s/d.log\npidfile=%(here)s/d.pid\nchildlogdir=%(here)s\n\n"
                + "[unix_http_server]\nfile=%(here)s/s.sock\n\n"
                + "[inet_http_server]\nport=127.0.0.1:" + port + "\nusername=u\npassword=p\n\n"
                + "[supervisorctl]\nserverurl=unix://%(here)s/s.sock\n\n"
                + "[program:sleeper]\ncommand=sleep 1000\nstartsecs=0\n\n"
                + "[program:chatty]\ncommand=sh -c 'echo out-line; echo err-line >&2; exec sleep 1000'\nstartsecs=0\n\n"
                + "[program:idle]\ncommand=sleep 1000\nautostart=false\nstartsecs=0\n\n"
                + "[program:bad]\ncommand=/nonexistent/prog\nautostart=false\n\n"
                + "[group:g]\nprograms=c,d\n\n"
                + "[program:c]\ncommand=sleep 1000\nstartsecs=0\n\n"
                + "[program:d]\ncommand=sleep 1000\nstartsecs=0\n");
        daemon = new ProcessBuilder("env", "--block-signal=HUP", "--block-signal=INT", "--block-signal=QUIT",
                "--block-signal=TERM", "--block-signal=USR2", "_JAVA_SR_SIGNUM=39",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xrs",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.drover.ops.DroverMain", "-n", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.out").toFile()).start();
        await("4 programs RUNNING", () -> {
            Run r = drover("-c", conf.toString(), "status");
            return r.out.split("RUNNING", -1).length - 1 == 4;
        });
        // idle once started and stopped, so every test sees the state the state-changing steps leave behind
        assertEquals(0, drover("-c", conf.toString(), "start", "idle").exit());
        assertEquals(0, drover("-c", conf.toString(), "stop", "idle").exit());
        notePids();
    }

    /** Remembers every child pid the daemon reports now (restarts make new ones). */
    private void notePids() {
        Run pids = drover("-c", conf.toString(), "pid", "all");
        for (String line : pids.out.split("\n")) {
            if (line.matches("[1-9][0-9]*")) {
                toKill.add(Long.parseLong(line));
            }
        }
    }

    @AfterAll
    void stopDaemon() throws Exception {
        notePids();
        toKill.addAll(DaemonProcessTest.childrenOf(daemon.pid()));
        new ProcessBuilder("kill", "-TERM", Long.toString(daemon.pid())).start().waitFor();
        daemon.waitFor(10, TimeUnit.SECONDS);
        daemon.destroyForcibly();
        // also children the daemon started but could not report (restarted late, or the daemon died first)
        toKill.addAll(processesOf(dir));
        for (long pid : toKill) {
            killIfOurs(pid, dir);
        }
    }

    /** Every live process whose SUPERVISOR_SERVER_URL names this daemon directory's socket. */
    static Set<Long> processesOf(Path daemonDir) throws IOException {
        Set<Long> out = new HashSet<>();
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                String name = p.getFileName().toString();
                if (name.matches("[0-9]+") && isOurs(Long.parseLong(name), daemonDir)) {
                    out.add(Long.parseLong(name));
                }
            }
        }
        return out;
    }

    private static boolean isOurs(long pid, Path daemonDir) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/environ"), StandardCharsets.ISO_8859_1)
                    .contains("SUPERVISOR_SERVER_URL=unix://" + daemonDir + "/");
        } catch (IOException e) {
            return false; // gone, or not ours to read
        }
    }

    /**
     * SIGKILL to a child this test's daemon started, and to its process group, unless the pid is gone or was reused:
     * a process of ours carries the daemon's directory in its SUPERVISOR_SERVER_URL.
     */
    static void killIfOurs(long pid, Path daemonDir) throws IOException, InterruptedException {
        if (!isOurs(pid, daemonDir)) {
            return;
        }
        new ProcessBuilder("kill", "-9", "--", "-" + pid).start().waitFor();
        new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
    }

    /** One client run. */
    record Run(String out, String err, int exit) {
        String transcript(String command) {
            String o = normalize(out);
            if (command.contains("g:*") || command.endsWith(" all")) {
                // a group's lines come in the order its processes finished: compare them sorted
                String[] lines = o.split("\n");
                Arrays.sort(lines);
                o = String.join("\n", lines) + "\n";
            }
            return "$ " + command + "\n" + o + "--stderr\n" + normalize(err) + "rc=" + exit + "\n";
        }
    }

    static String normalize(String s) {
        return s.replaceAll("pid [0-9]+", "pid N").replaceAll("uptime [0-9:]+", "uptime T")
                .replaceAll("[A-Z][a-z]{2} [0-9]{2} [0-9]{2}:[0-9]{2} [AP]M", "DATE")
                .replaceAll("(?m)^[0-9]+$", "PID")
                .replaceAll("(?m): file: \\S+ line: [0-9]+$", "")
                .replaceAll("For help, use \\S+ -h", "For help, use CTL -h");
    }

    private static Run supervisorctl(String stdin, String... args) throws IOException, InterruptedException {
        // setsid: no controlling terminal, so getpass reads the password from stdin as droverctl does
        List<String> cmd = new ArrayList<>(List.of("setsid", "-w", "/usr/bin/supervisorctl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        try {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            byte[] err = p.getErrorStream().readAllBytes();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "supervisorctl " + cmd + " did not finish");
            return new Run(out, new String(err, StandardCharsets.UTF_8), p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }

    /** droverctl in this JVM: the same code as bin/droverctl, minus the JVM start. */
    private static Run droverWithStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new DroverCtl(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), "droverctl").run(args);
        return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), code);
    }

    private static Run drover(String... args) {
        return droverWithStdin("", args);
    }

    /** Runs the steps through both clients and compares the transcripts. */
    private void conform(List<String> prefix, String stdin, List<String> steps) throws Exception {
        StringBuilder expected = new StringBuilder();
        StringBuilder actual = new StringBuilder();
        for (String step : steps) {
            List<String> args = new ArrayList<>(prefix);
            if (!step.isEmpty()) {
                args.addAll(List.of(step.split(" ")));
            }
            String[] a = args.toArray(String[]::new);
            expected.append(supervisorctl(stdin, a).transcript(String.join(" ", args)));
        }
        for (String step : steps) {
            List<String> args = new ArrayList<>(prefix);
            if (!step.isEmpty()) {
                args.addAll(List.of(step.split(" ")));
            }
            actual.append(droverWithStdin(stdin, args.toArray(String[]::new)).transcript(String.join(" ", args)));
        }
        assertEquals(expected.toString(), actual.toString());
    }

    private List<String> viaConfig() {
        return List.of("-c", conf.toString());
    }

    /** Many commands through one shell session of each client: the texts, without a process start per command. */
    private void conformInShell(List<String> commands) throws Exception {
        conform(viaConfig(), String.join("\n", commands) + "\n", List.of(""));
    }

    @Test
    void readOnlyCommands() throws Exception {
        conformInShell(List.of("status sleeper", "status nope", "status g:", "status sleeper nope idle", "pid",
                "pid idle", "pid nope", "version", "version x", "avail", "avail x", "reread", "tail chatty",
                "tail chatty stderr", "tail -5 chatty", "tail -x chatty", "tail chatty foo", "tail nope", "tail",
                "tail -f", "tail a b c d", "maintail x", "maintail 1 2", "help", "help status", "help tail",
                "help help", "help nope", "foo", "shutdown x", "reload x", "open ftp://x", "fg", "fg a b", "fg nope",
                "fg idle", "add nope", "remove nope", "update nope", "start", "stop", "restart", "signal", "clear"));
        // exit codes: one process per command
        conform(viaConfig(), "", List.of("status", "status nope", "status g:*", "pid all", "pid idle", "tail nope",
                "tail -f nope", "foo", "start", "update nope"));
    }

    @Test
    void stateChangingCommandsReturnToTheirStart() throws Exception {
        conformInShell(List.of("start idle", "start idle", "stop idle", "stop idle", "start nope", "stop nope",
                "start nope:*", "stop nope:*", "restart sleeper", "signal HUP idle", "signal FOO sleeper",
                "clear chatty", "restart chatty", "clear nope", "remove sleeper", "update", "signal HUP nope:*", "start bad"));
        conform(viaConfig(), "", List.of("start idle", "stop idle", "start bad", "stop nope", "stop g:*",
                "start g:*"));
    }

    @Test
    void connectionsAuthAndUsageErrors() throws Exception {
        String inet = "http://127.0.0.1:" + port;
        conform(List.of("-s", inet, "-u", "u", "-p", "p"), "", List.of("status g:*"));
        conform(List.of("-s", inet), "", List.of("version", "reread"));
        conform(List.of("-s", inet, "-u", "u", "-p", "wrong"), "", List.of("status"));
        conform(List.of("-s", "unix://" + dir.resolve("nope.sock")), "", List.of("status", "avail", "shutdown"));
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        conform(List.of("-s", "http://127.0.0.1:" + closed), "", List.of("stop all", "reread"));
        conform(List.of(), "", List.of("-x", "-s foo status", "-c /nonexistent/x.conf status", "-s ftp://x status",
                "-s http://a -s http://b status", "--serverurl"));
    }

    @Test
    void interactiveShellAndPrompt() throws Exception {
        conform(viaConfig(), "help\nquit\nversion\n", List.of("", "-i version"));
    }

    @Test
    void theShellKeepsAHistoryFile() throws Exception {
        Path history = dir.resolve("history");
        Files.writeString(history, "earlier\n");
        Run r = droverWithStdin("version\n\npid nope\n", "-c", conf.toString(), "-r", history.toString());
        assertEquals(0, r.exit());
        assertEquals("earlier\nversion\npid nope\n", Files.readString(history));
    }

    /** In the shell, a 401 asks for a username and password and runs the command again. */
    @Test
    void theShellAsksForCredentials() throws Exception {
        String[] args = {"-s", "http://127.0.0.1:" + port};
        String stdin = "u\np\nversion\n";
        Run stock = supervisorctl(stdin, args);
        Run ours = droverWithStdin(stdin, args);
        // stderr differs: Python's getpass adds warnings about echo before its "Password:" prompt
        assertEquals(normalize(stock.out()), normalize(ours.out()));
        assertEquals(stock.exit(), ours.exit());
        assertTrue(ours.out().startsWith("Server requires authentication\nUsername:"), ours.out());
        assertTrue(ours.out().contains("supervisor> 4.2.5\n"), ours.out());
        assertEquals("Password:\n", ours.err());
    }

    /** Both clients' {@code tail -f}: the log as it streams, then Ctrl-C prints an empty line and exits 0. */
    @Test
    void tailFollowStreamsUntilCtrlC() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> drover = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "io.drover.ops.DroverCtl");
        List<String> stock = List.of("/usr/bin/supervisorctl");
        List<String> transcripts = new ArrayList<>();
        for (List<String> client : List.of(stock, drover)) {
            // As from a terminal: a test run in a shell's background job inherits SIGINT ignored, and both clients
            // (Python, HotSpot) then leave it ignored.
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/env", "--default-signal=INT"));
            cmd.addAll(client);
            cmd.addAll(List.of("-c", conf.toString(), "tail", "-f", "chatty"));
            Path outFile = Files.createTempFile(dir, "tailf", ".out");
            Process p = new ProcessBuilder(cmd).redirectOutput(outFile.toFile())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try {
                await("the log streamed", () -> read(outFile).contains("out-line\n"));
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "tail -f did not end on SIGINT");
                transcripts.add(read(outFile) + "rc=" + p.exitValue());
            } finally {
                p.destroyForcibly();
            }
        }
        assertEquals("==> Press Ctrl-C to exit <==\nout-line\n\nrc=0", transcripts.get(0));
        assertEquals(transcripts.get(0), transcripts.get(1));
    }

    /**
     * fg sends each typed line to the process's stdin and ends at the end of input (supervisorctl's own fg hangs
     * there, so this one is not compared); its two stream threads end with it.
     */
    @Test
    void fgSendsLinesAndEndsAtEndOfInput() throws Exception {
        Run r = droverWithStdin("hello\n", "-c", conf.toString(), "fg", "chatty");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("==> Press Ctrl-C to exit <==\n"), r.out());
        assertTrue(r.out().endsWith("Exiting foreground\n"), r.out());
        await("fg's stream threads gone", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("droverctl-fg")));
    }

    /** Open log-tail streams (fg holds two) must not stop the unix socket from answering /RPC2. */
    @Test
    void followersDoNotBlockTheUnixSocket() throws Exception {
        io.drover.http.xmlrpc.client.HttpTransport tail = io.drover.http.xmlrpc.client.HttpTransport.forTail(
                io.drover.http.xmlrpc.client.ServerUrl.parse("unix://" + socket), null, null);
        List<io.drover.http.xmlrpc.client.HttpTransport.Streamed> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                streams.add(tail.get("/logtail/chatty/" + (i % 2 == 0 ? "stdout" : "stderr")));
                assertEquals(200, streams.get(i).status());
            }
            Run r = java.util.concurrent.CompletableFuture.supplyAsync(() -> drover("-c", conf.toString(), "version"))
                    .get(10, TimeUnit.SECONDS);
            assertEquals(new Run("4.2.5\n", "", 0), r);
        } finally {
            for (var s : streams) {
                s.close();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    /** A few commands against the real supervisord 4.2.5: droverctl speaks plain supervisord XML-RPC. */
    @Test
    void againstTheRealSupervisord() throws Exception {
        Path real = Files.createTempDirectory(dir, "real");
        Path realConf = real.resolve("supervisord.conf");
        Files.writeString(realConf, "[supervisord]\nlogfile=%(here)s/d.log\npidfile=%(here)s/d.pid\n"
                + "childlogdir=%(here)s\n\n[unix_http_server]\nfile=%(here)s/s.sock\n\n"
                + "[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory=supervisor.rpcinterface:make_main_rpcinterface\n\n"
                + "[supervisorctl]\nserverurl=unix://%(here)s/s.sock\n\n"
                + "[program:a]\ncommand=sh -c 'echo hello; exec sleep 1000'\nstartsecs=0\n\n"
                + "[program:b]\ncommand=sleep 1000\nautostart=false\nstartsecs=0\n");
        Process sd = new ProcessBuilder("/usr/bin/supervisord", "-n", "-c", realConf.toString())
                .redirectErrorStream(true).redirectOutput(real.resolve("out").toFile()).start();
        Set<Long> pids = new HashSet<>();
        try {
            await("supervisord running a", () -> drover("-c", realConf.toString(), "status", "a").exit() == 0);
            pids.addAll(DaemonProcessTest.childrenOf(sd.pid()));
            List<String> prefix = List.of("-c", realConf.toString());
            // b once started and stopped, so both clients see the same state
            assertEquals(0, drover("-c", realConf.toString(), "start", "b").exit());
            assertEquals(0, drover("-c", realConf.toString(), "stop", "b").exit());
            conform(prefix, "", List.of("status", "status nope", "start b", "stop b", "stop b", "pid b", "tail a",
                    "avail", "reread", "version", "signal FOO a"));
            pids.addAll(DaemonProcessTest.childrenOf(sd.pid()));
            Run shut = drover("-c", realConf.toString(), "shutdown");
            assertEquals(new Run("Shut down\n", "", 0), shut);
            assertTrue(sd.waitFor(20, TimeUnit.SECONDS), "supervisord did not shut down");
        } finally {
            sd.destroyForcibly();
            pids.addAll(processesOf(real));
            for (long pid : pids) {
                killIfOurs(pid, real);
            }
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
