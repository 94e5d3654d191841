package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code [fcgi-program:x]}: the daemon binds the socket and every process gets it as fd 0, across restarts. */
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

    private static String ask(int port) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
