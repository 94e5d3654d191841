package io.drover.node.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.testing.Eventually;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Listeners written for supervisord, unchanged, against Drover's pool. */
class ListenerCompatibilityTest {

    private static final ActorTestKit KIT = ActorTestKit.create();
    private PoolFixture fx;
    private Process sink;

    @BeforeEach
    void setUp() {
        fx = new PoolFixture(KIT);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        fx.close();
        if (sink != null) {
            ProcessHandle.of(sink.pid()).ifPresent(ProcessHandle::destroyForcibly);
            sink.waitFor();
        }
    }

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static String readAll(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    void childutilsListenerReadsEveryEventIncludingNonAsciiOutput() {
        fx.pool("cu", List.of("cu"), Set.of(EventType.PROCESS_STATE_EXITED, EventType.PROCESS_LOG), 10);
        Path out = fx.dir.resolve("cu.json");
        // supervisor.childutils comes with the Debian package, for the system python
        fx.start("cu", "cu", List.of("/usr/bin/python3", PoolFixture.resource("childutils_listener.py").toString(),
                out.toString()), Map.of());
        byte[] line = "h\u00e9llo w\u00f6rld \u2713\n".getBytes(StandardCharsets.UTF_8);
        fx.publish(Event.processLog(false, "web", "web", 77, line));
        fx.publish(Event.processState("EXITED", "web", "web", "RUNNING", 0, false, 77));
        String text = Eventually.await(Duration.ofSeconds(10), () -> readAll(out),
                s -> s.lines().count() >= 2, "two events at the childutils listener");
        List<String> lines = text.lines().toList();
        assertTrue(lines.get(0).contains("\"eventname\": \"PROCESS_LOG_STDOUT\""), lines.get(0));
        assertTrue(lines.get(0).contains("h\\u00e9llo w\\u00f6rld \\u2713\\n\""), lines.get(0));
        assertTrue(lines.get(1).contains("\"eventname\": \"PROCESS_STATE_EXITED\""), lines.get(1));
        assertTrue(lines.get(1).contains("\"expected\": \"0\""), lines.get(1));
        assertTrue(lines.get(1).contains("\"serial\": \"1\", \"pool\": \"cu\", \"poolserial\": \"1\""), lines.get(1));
    }

    @Test
    void handbookEmailAlertListenerMailsEachStateChange() throws Exception {
        Path cert = fx.dir.resolve("cert.pem");
        Path key = fx.dir.resolve("key.pem");
        Process gen = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=localhost", "-keyout", key.toString(), "-out", cert.toString())
                .redirectErrorStream(true).redirectOutput(fx.dir.resolve("openssl.out").toFile()).start();
        assertEquals(0, gen.waitFor(), "openssl");
        Path mail = fx.dir.resolve("mail.txt");
        sink = new ProcessBuilder("python3", PoolFixture.resource("smtp_sink.py").toString(), cert.toString(),
                key.toString(), mail.toString())
                .redirectError(fx.dir.resolve("sink.err").toFile()).start();
        String port = new BufferedReader(new InputStreamReader(sink.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();

        fx.pool("process_monitor", List.of("process_monitor"), Set.of(EventType.PROCESS_STATE), 100);
        fx.start("process_monitor", "process_monitor",
                List.of("python3", PoolFixture.resource("eventlistener.py").toString()),
                Map.of("PYTHONPATH", PoolFixture.resource("smtp_redirect").toString(),
                        "SMTP_HOST", "127.0.0.1", "SMTP_PORT", port));
        fx.publish(Event.processState("EXITED", "nginx_00", "nginx", "RUNNING", 0, false, 4242));

        String mails = Eventually.await(Duration.ofSeconds(15), () -> readAll(mail),
                s -> s.contains("processname:nginx_00"),
                "the alert mail (listener stderr: " + fx.stderr("process_monitor") + ")");
        assertTrue(mails.contains("Subject: Supervisor Event"), mails);
        assertTrue(mails.contains("processname:nginx_00 groupname:nginx from_state:RUNNING expected:0 pid:4242"),
                mails);
        assertTrue(fx.stderr("process_monitor").contains("Successfully sent email"));
    }
}
