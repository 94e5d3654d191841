package io.drover.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** supervisorctl over the UNIX socket, {@code tail -f} over /logtail, and SHUTDOWN_STATE while the daemon stops. */
class UnixSocketAndShutdownTest {
    private static final String PROGRAMS = """
            [program:chatty]
            command=sh -c 'echo first-line; exec sleep 1000'
            startsecs=0

            [program:stubborn]
            command=sh -c "trap '' TERM; exec sleep 1000"
            startsecs=0
            stopwaitsecs=3
            """;

    @Test
    void unixSocketTailAndShutdown() throws Exception {
        try (RealNode d = RealNode.start(PROGRAMS)) {
            String unix = "unix://" + d.socket;
            Eventually.await(Duration.ofSeconds(10), "both running",
                    () -> d.ctlAt(unix, "status").output().split("RUNNING", -1).length - 1 == 2);
            RealNode.Ctl status = d.ctlAt(unix, "status");
            assertEquals(0, status.exit(), status.output());
            assertTrue(status.output().startsWith("chatty                           RUNNING   pid "), status.output());

            // tail -f streams /logtail/chatty until the client goes away
            Process tail = new ProcessBuilder("supervisorctl", "-s", unix, "tail", "-f", "chatty")
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(tail.getInputStream(),
                        StandardCharsets.UTF_8));
                String line;
                boolean seen = false;
                StringBuilder got = new StringBuilder();
                while ((line = out.readLine()) != null) {
                    got.append(line).append('\n');
                    if (line.contains("first-line")) {
                        seen = true;
                        break;
                    }
                }
                assertTrue(seen, "tail -f printed the log: " + got);
            } finally {
                tail.destroyForcibly();
                tail.waitFor(5, TimeUnit.SECONDS);
            }

            RealNode.Ctl shutdown = d.ctlAt(unix, "shutdown");
            assertEquals("Shut down\n", shutdown.output());
            assertEquals(0, shutdown.exit());
            // the stubborn program holds the shutdown for stopwaitsecs: every call meanwhile faults SHUTDOWN_STATE
            Process p = new ProcessBuilder(HttpServersTest.PYTHON, "-c", String.join("\n",
                    "import xmlrpc.client",
                    "s = xmlrpc.client.ServerProxy('http://u:p@127.0.0.1:" + d.port + "/RPC2')",
                    "for call in (s.supervisor.getState, s.supervisor.getPID, s.supervisor.getAllProcessInfo):",
                    "  try:",
                    "    call(); print('no fault')",
                    "  except xmlrpc.client.Fault as f:",
                    "    print(f.faultCode, f.faultString)",
                    "print(len(s.system.listMethods()))")).redirectErrorStream(true).start();
            try {
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals("6 SHUTDOWN_STATE\n6 SHUTDOWN_STATE\n6 SHUTDOWN_STATE\n41\n",
                        new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } finally {
                p.destroyForcibly();
            }
        }
        // close() stopped the servers: the socket file is gone
    }

    @Test
    void socketFileIsRemovedOnStop() throws Exception {
        java.nio.file.Path socket;
        try (RealNode d = RealNode.start("")) {
            socket = d.socket;
            assertTrue(Files.exists(socket));
        }
        assertFalse(Files.exists(socket));
    }
}
