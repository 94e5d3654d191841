package io.drover.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * supervisord serves every section whose name starts with {@code inet_http_server} or {@code unix_http_server}, each
 * with its own credentials; so does Drover. Driven with the stock supervisorctl; the daemon's start-up lines are
 * those supervisord 4.2.5 wrote for the same sections (inet sections first, then unix, each kind in file order,
 * each server named by its section).
 */
class EveryHttpServerSectionTest {
    private static final long START_SECONDS = 120;

    @Test
    void everySectionOfEachKindIsServedWithItsOwnCredentials() throws Exception {
        Path dir = Files.createTempDirectory("servers");
        int open;
        int guarded;
        try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
            open = a.getLocalPort();
            guarded = b.getLocalPort();
        }
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=%(here)s/d.log\npidfile=%(here)s/d.pid\nchildlogdir=%(here)s\n\n"
                + "[inet_http_server]\nport=127.0.0.1:" + open + "\n\n"
                + "[inet_http_server:two]\nport=127.0.0.1:" + guarded + "\nusername=u\npassword=p\n\n"
                + "[unix_http_server]\nfile=%(here)s/s1.sock\n\n"
                + "[unix_http_serverX]\nfile=%(here)s/s2.sock\n\n"
                + "[program:a]\ncommand=sleep 1000\nstartsecs=0\n");
        Process daemon = new ProcessBuilder("env", "--block-signal=HUP", "--block-signal=INT", "--block-signal=QUIT",
                "--block-signal=TERM", "--block-signal=USR2", "_JAVA_SR_SIGNUM=39",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xrs",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.drover.ops.DroverMain", "-n", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.out").toFile()).start();
        Set<Long> children = new HashSet<>();
        String sock1 = "unix://" + dir.resolve("s1.sock");
        String sock2 = "unix://" + dir.resolve("s2.sock");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
            while (!ctl("-s", sock2, "status", "a").out.contains("RUNNING")) {
                assertTrue(System.nanoTime() < deadline, "Drover did not serve " + sock2);
                Thread.sleep(100);
            }
            String pid = daemon.pid() + "\n";
            assertEquals(pid, ctl("-s", "http://127.0.0.1:" + open, "pid").out);
            assertEquals(pid, ctl("-s", sock1, "pid").out);
            assertEquals(pid, ctl("-s", sock2, "pid").out);
            assertEquals(pid, ctl("-s", "http://127.0.0.1:" + guarded, "-u", "u", "-p", "p", "pid").out);
            assertTrue(ctl("-s", "http://127.0.0.1:" + guarded, "pid").out
                    .startsWith("Server requires authentication\n"));
            long child = Long.parseLong(ctl("-s", sock1, "pid", "a").out.strip());
            children.add(child);

            List<String> startup = new ArrayList<>();
            for (String line : Files.readAllLines(dir.resolve("d.log"))) {
                if (line.contains("RPC interface") || line.contains("running without")) {
                    startup.add(line.substring(24)); // after the timestamp
                }
            }
            assertEquals(List.of("INFO RPC interface 'supervisor' initialized",
                    "CRIT Server 'inet_http_server' running without any HTTP authentication checking",
                    "INFO RPC interface 'supervisor' initialized",
                    "INFO RPC interface 'supervisor' initialized",
                    "CRIT Server 'unix_http_server' running without any HTTP authentication checking",
                    "INFO RPC interface 'supervisor' initialized",
                    "CRIT Server 'unix_http_serverX' running without any HTTP authentication checking"), startup);
            // the children's server URL is the first unix socket's, as supervisord's
            String environ = Files.readString(Path.of("/proc/" + child + "/environ"),
                    StandardCharsets.ISO_8859_1);
            assertTrue(environ.contains("SUPERVISOR_SERVER_URL=" + sock1 + "\0"), environ);

            new ProcessBuilder("kill", "-TERM", Long.toString(daemon.pid())).start().waitFor();
            assertTrue(daemon.waitFor(30, TimeUnit.SECONDS), "Drover did not shut down");
            assertFalse(Files.exists(dir.resolve("s1.sock")));
            assertFalse(Files.exists(dir.resolve("s2.sock")));
        } finally {
            daemon.destroyForcibly();
            children.addAll(DroverCtlConformanceTest.processesOf(dir));
            for (long pid : children) {
                DroverCtlConformanceTest.killIfOurs(pid, dir);
            }
        }
    }

    private record Run(String out, int exit) {
    }

    private static Run ctl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/supervisorctl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "supervisorctl " + cmd + " did not finish");
            return new Run(out, p.exitValue());
        } finally {
            p.destroyForcibly();
        }
    }
}
