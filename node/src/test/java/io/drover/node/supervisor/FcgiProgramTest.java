package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.testing.Eventually;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code [fcgi-program:x]}: the daemon binds the socket and every process gets it as fd 0, across restarts; the socket
 * is open exactly while a process of the group lives, as supervisord's reference-counted socket_manager keeps it.
 */
class FcgiProgramTest {

    /** Answers each connection on fd 0 with its pid. */
    private static final String SERVER = "import socket, os\n"
            + "s = socket.socket(fileno=0)\n"
            + "while True:\n"
            + "    c, _ = s.accept()\n"
            + "    c.sendall(str(os.getpid()).encode())\n"
            + "    c.close()\n";

    @Test
    void everyProcessServesTheSameSocketAcrossRestarts() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path script = Files.createTempFile("fcgi-server", ".py");
        Files.writeString(script, SERVER);
        try (NodeHarness h = NodeHarness.start("[fcgi-program:f]\nsocket=tcp://127.0.0.1:" + port + "\n"
                + "command=python3 " + script + "\nstartsecs=0\n")) {
            h.awaitState("f", "RUNNING", Duration.ofSeconds(10));
            int first = h.info("f").pid();
            assertEquals(String.valueOf(first), ask(port));
            NodeHarness.kill(first);
            Eventually.await(Duration.ofSeconds(10), "respawned",
                    () -> h.info("f").pid() != first && h.info("f").pid() != 0);
            assertEquals(String.valueOf(h.info("f").pid()), ask(port));
        } finally {
            Files.deleteIfExists(script);
        }
    }

    @Test
    void theSocketIsOpenWhileAProcessOfTheGroupLives() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        boolean root = "0".equals(new String(new ProcessBuilder("id", "-u").start().getInputStream().readAllBytes(),
                StandardCharsets.UTF_8).trim());
        Path dir = Files.createTempDirectory("fcgi-socket");
        Path unix = dir.resolve("u.sock");
        String url = "tcp://127.0.0.1:" + port;
        try (NodeHarness h = NodeHarness.start("[fcgi-program:f]\nsocket=" + url + "\ncommand=sleep 1000\n"
                + "numprocs=2\nprocess_name=f_%(process_num)s\nautostart=false\nstartsecs=0\n\n"
                + "[fcgi-program:u]\nsocket=unix://" + unix + "\nsocket_mode=0660\n"
                + (root ? "socket_owner=nobody\n" : "") + "command=sleep 1000\nautostart=false\nstartsecs=0\n")) {
            // Checked once when the group is built, then closed until a process needs it.
            h.awaitLog("Creating socket " + url);
            h.awaitLog("Closing socket " + url);
            assertFalse(listening(port), "listening before any process runs");

            h.<ActionResult>ok(r -> new NodeSupervisor.StartProcess("f:f_0", true, r));
            assertTrue(listening(port));
            h.<ActionResult>ok(r -> new NodeSupervisor.StartProcess("f:f_1", true, r));
            h.<ActionResult>ok(r -> new NodeSupervisor.StopProcess("f:f_0", true, r));
            assertTrue(listening(port), "closed while f_1 still runs");
            h.<ActionResult>ok(r -> new NodeSupervisor.StopProcess("f:f_1", true, r));
            assertFalse(listening(port), "still listening with no process left");
            assertEquals(2, count(h.mainLogText(), "Closing socket " + url), h.mainLogText());
            String log = h.mainLogText();
            assertTrue(log.indexOf("stopped: f_1") < log.lastIndexOf("Closing socket " + url), log);

            h.<ActionResult>ok(r -> new NodeSupervisor.StartProcess("u", true, r));
            assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(unix)));
            if (root) {
                assertEquals("nobody", Files.getOwner(unix).getName());
            }
            h.<ActionResult>ok(r -> new NodeSupervisor.StopProcess("u", true, r));
            h.awaitLog("Closing socket unix://" + unix);
            assertTrue(Files.exists(unix), "supervisord leaves the socket file until the next creation");
        } finally {
            Files.deleteIfExists(unix);
            Files.deleteIfExists(dir);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static int count(String text, String fragment) {
        int n = 0;
        for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + 1)) {
            n++;
        }
        return n;
    }

    private static String ask(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
