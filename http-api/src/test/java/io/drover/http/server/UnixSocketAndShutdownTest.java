package io.drover.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * The unix server keeps no thread per connection: the JVM's thread count does not grow from 50 to 150 open
     * {@code tail -f} streams (the blocking-I/O pool that reads log files is bounded), every stream gets its
     * answer, and /RPC2 on the same socket still answers.
     */
    @Test
    void manyOpenTailsOnTheSocket() throws Exception {
        try (RealNode d = RealNode.start(PROGRAMS)) {
            String unix = "unix://" + d.socket;
            Eventually.await(Duration.ofSeconds(10), "chatty running",
                    () -> d.ctlAt(unix, "status chatty").output().contains("RUNNING"));
            List<Tail> tails = new ArrayList<>();
            try {
                openTails(d, tails, 50);
                int threadsAt50 = Thread.activeCount();
                openTails(d, tails, 100);
                int threadsAt150 = Thread.activeCount();
                assertTrue(threadsAt150 < threadsAt50 + 5, "threads with 50 open tails " + threadsAt50
                        + ", with 150 " + threadsAt150);
                RealNode.Ctl status = d.ctlAt(unix, "status");
                assertEquals(0, status.exit(), status.output());
                assertTrue(status.output().contains("stubborn"), status.output());
            } finally {
                for (Tail t : tails) {
                    t.channel.close();
                }
            }
        }
    }

    /** Opens {@code n} more /logtail/chatty streams and waits until each has sent the header and first line. */
    private static void openTails(RealNode d, List<Tail> tails, int n) throws Exception {
        List<Tail> added = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(d.socket));
            added.add(new Tail(c, new StringBuilder()));
            tails.add(added.get(i));
            c.write(ByteBuffer.wrap(("GET /logtail/chatty HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Basic dTpw\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            c.configureBlocking(false);
        }
        ByteBuffer buf = ByteBuffer.allocate(8192);
        Eventually.await(Duration.ofSeconds(20), n + " tails answered", () -> {
            boolean all = true;
            for (Tail t : added) {
                buf.clear();
                if (t.channel.read(buf) > 0) {
                    t.got.append(new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1));
                }
                all &= t.got.toString().contains("first-line");
            }
            return all;
        });
        for (Tail t : added) {
            assertTrue(t.got.toString().startsWith("HTTP/1.1 200"), t.got.toString());
        }
    }

    private record Tail(SocketChannel channel, StringBuilder got) {
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
