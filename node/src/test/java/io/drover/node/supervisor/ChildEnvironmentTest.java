package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.drover.node.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a child gets: environment precedence, SUPERVISOR_* variables, user=, umask=, directory=. */
class ChildEnvironmentTest {

    private static final Duration T = Duration.ofSeconds(8);

    @Test
    void environmentPrecedence() throws Exception {
        Map<String, String> daemonEnv = Map.of("D_ONLY", "daemon", "D_AND_S", "daemon", "ALL3", "daemon");
        try (NodeHarness h = NodeHarness.start(
                "[unix_http_server]\nfile=%(here)s/s.sock\n"
                        + "[supervisord]\nenvironment=D_AND_S=\"sup\",ALL3=\"sup\",S_AND_P=\"sup\"\n"
                        + "[program:a]\ncommand=sh -c \"env > %(here)s/env.txt; sleep 100\"\nstartsecs=0\n"
                        + "environment=ALL3=\"prog\",S_AND_P=\"prog\",SUPERVISOR_GROUP_NAME=\"mine\"\n",
                daemonEnv)) {
            Map<String, String> env = readEnv(h.dir.resolve("env.txt"));
            assertEquals("daemon", env.get("D_ONLY"));
            assertEquals("sup", env.get("D_AND_S"));
            assertEquals("prog", env.get("ALL3"));
            assertEquals("prog", env.get("S_AND_P"));
            assertEquals("1", env.get("SUPERVISOR_ENABLED"));
            assertEquals("a", env.get("SUPERVISOR_PROCESS_NAME"));
            assertEquals("mine", env.get("SUPERVISOR_GROUP_NAME"), "the program's environment wins, as supervisord");
            assertEquals("unix://" + h.dir.resolve("s.sock"), env.get("SUPERVISOR_SERVER_URL"));
        }
    }

    /** supervisord merges [supervisord] environment into each process's config when it reads the file. */
    @Test
    void aGroupAddedAfterARereadGetsTheNewDaemonEnvironment() throws Exception {
        String programs = "[program:a]\ncommand=sh -c \"echo V=$V > %(here)s/a.txt; sleep 100\"\nstartsecs=0\n";
        try (NodeHarness h = NodeHarness.start("[supervisord]\nenvironment=V=\"one\"\n" + programs)) {
            assertEquals("V=one", readWhenWritten(h.dir.resolve("a.txt")));
            NodeHarness.write(h.conf, h.dir, "[supervisord]\nenvironment=V=\"two\"\n" + programs);
            assertEquals(new ConfigChanges(List.of(), List.of("a"), List.of()),
                    h.ok(NodeSupervisor.ReloadConfig::new));
            h.<ActionResult>ok(to -> new NodeSupervisor.StopProcess("a", true, to));
            Files.delete(h.dir.resolve("a.txt"));
            assertEquals(true, h.<Boolean>ok(to -> new NodeSupervisor.RemoveProcessGroup("a", to)));
            assertEquals(true, h.<Boolean>ok(to -> new NodeSupervisor.AddProcessGroup("a", to)));
            assertEquals("V=two", readWhenWritten(h.dir.resolve("a.txt")));
        }
    }

    /** A reread sets supervisord's childlogdir and identifier: they name the AUTO logs of a group added after it. */
    @Test
    void aGroupAddedAfterARereadHasItsAutoLogsInTheNewChildlogdir() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 100\nstartsecs=0\n")) {
            Path two = Files.createDirectory(h.dir.resolve("two"));
            Files.writeString(h.conf, "[supervisord]\nlogfile=" + h.dir.resolve("supervisord.log") + "\npidfile="
                    + h.dir.resolve("pid") + "\nchildlogdir=" + two + "\nidentifier=second\n\n"
                    + "[program:a]\ncommand=sleep 100\nstartsecs=0\n"
                    + "[program:n]\ncommand=sleep 100\nstartsecs=0\nstdout_logfile=AUTO\n");
            assertEquals(new ConfigChanges(List.of("n"), List.of(), List.of()),
                    h.ok(NodeSupervisor.ReloadConfig::new));
            assertEquals(true, h.<Boolean>ok(to -> new NodeSupervisor.AddProcessGroup("n", to)));
            String log = h.info("n").stdoutLogfile();
            assertTrue(log.startsWith(two.resolve("n-stdout---second-").toString()), log);
        }
    }

    @Test
    void inetServerUrlAndProgramServerurl() throws Exception {
        try (NodeHarness h = NodeHarness.start("[inet_http_server]\nport=127.0.0.1:9321\n"
                + "[program:a]\ncommand=sh -c \"env > %(here)s/a.txt; sleep 100\"\nstartsecs=0\n"
                + "[program:b]\ncommand=sh -c \"env > %(here)s/b.txt; sleep 100\"\nstartsecs=0\n"
                + "serverurl=http://elsewhere:1\n")) {
            assertEquals("http://127.0.0.1:9321", readEnv(h.dir.resolve("a.txt")).get("SUPERVISOR_SERVER_URL"));
            assertEquals("http://elsewhere:1", readEnv(h.dir.resolve("b.txt")).get("SUPERVISOR_SERVER_URL"));
        }
    }

    @Test
    void umaskAndDirectory() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sh -c \"umask > %(here)s/umask.txt; "
                + "pwd > %(here)s/pwd.txt; sleep 100\"\nstartsecs=0\numask=027\ndirectory=/usr\n")) {
            assertEquals("0027", readWhenWritten(h.dir.resolve("umask.txt")));
            assertEquals("/usr", readWhenWritten(h.dir.resolve("pwd.txt")));
        }
    }

    @Test
    void userNobody() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root");
        Path out = Path.of("/tmp/drover-nobody-" + System.nanoTime() + ".txt");
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sh -c \"echo $$ $(id -u) > " + out
                + "; sleep 100\"\nstartsecs=0\nuser=nobody\n")) {
            h.awaitState("a", "RUNNING", T);
            String[] pidAndUid = readWhenWritten(out).split(" ");
            assertEquals(String.valueOf(h.info("a").pid()), pidAndUid[0], "the trampoline keeps the pid");
            assertEquals("65534", pidAndUid[1]);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    static String readWhenWritten(Path p) {
        Eventually.await(T, p + " written", () -> {
            try {
                return Files.readString(p).endsWith("\n");
            } catch (IOException e) {
                return false;
            }
        });
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Map<String, String> readEnv(Path p) throws IOException {
        Eventually.await(T, p + " written", () -> {
            try {
                return Files.readString(p).contains("SUPERVISOR_PROCESS_NAME=");
            } catch (IOException e) {
                return false;
            }
        });
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(p)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return env;
    }
}
