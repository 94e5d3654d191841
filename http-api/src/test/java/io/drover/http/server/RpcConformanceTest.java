package io.drover.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every supervisor.* method through Python's xmlrpc.client against a real Drover node, compared line by line with
 * the transcript supervisord 4.2.5 produced for the same config and the same calls (rpc-sequence.py).
 */
class RpcConformanceTest {

    @Test
    void everyMethodAsSupervisord() throws Exception {
        try (RealNode d = RealNode.start(SupervisorctlConformanceTest.PROGRAMS)) {
            Eventually.await(java.time.Duration.ofSeconds(10), "all autostart programs running", () -> {
                String out = d.ctl("status").output();
                return out.split("RUNNING", -1).length - 1 == 4;
            });
            Path script = d.dir.resolve("rpc-sequence.py");
            try (InputStream in = getClass().getResourceAsStream("/rpc-sequence.py")) {
                Files.write(script, in.readAllBytes());
            }
            Process p = new ProcessBuilder(HttpServersTest.PYTHON, script.toString(),
                    "http://u:p@127.0.0.1:" + d.port + "/RPC2").redirectErrorStream(true).start();
            String actual;
            try {
                actual = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(60, TimeUnit.SECONDS);
            } finally {
                p.destroyForcibly();
            }
            Files.writeString(Path.of("target/rpc-sequence-actual.txt"), actual);
            String expected = new String(getClass().getResourceAsStream("/rpc-sequence-expected.txt").readAllBytes(),
                    StandardCharsets.UTF_8);
            assertEquals(expected, actual);
        }
    }
}
