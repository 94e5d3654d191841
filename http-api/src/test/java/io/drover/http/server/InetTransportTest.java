package io.drover.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.config.InetServerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inet server's own socket handling (one event-loop thread, non-blocking sockets): answers larger than the
 * socket buffers reach a slow reader whole while other clients are served, closed connections release their
 * sockets, and stopping closes idle connections and the listening port.
 */
class InetTransportTest {
    private static final int LOG_BYTES = 3 * 1024 * 1024;
    private static final String API_VERSION = "<methodCall><methodName>supervisor.getAPIVersion</methodName>"
            + "</methodCall>";
    private ActorTestKit kit;
    private HttpServers servers;
    private InetSocketAddress addr;
    private Path dir;
    private Path log;

    @BeforeEach
    void start() throws IOException {
        dir = Files.createTempDirectory("drover-inet");
        log = dir.resolve("a.out");
        Files.writeString(log, ("x".repeat(1023) + "\n").repeat(LOG_BYTES / 1024));
        kit = ActorTestKit.create("inet-transport-test");
        servers = HttpServers.start(kit.system(), kit.spawn(FixtureNode.create(log)), TestConfigs.config(dir,
                Optional.of(new InetServerSpec("127.0.0.1", 0, Optional.empty())), Optional.empty(), ""));
        addr = servers.inetAddress().orElseThrow();
    }

    @AfterEach
    void stop() throws IOException {
        servers.close();
        kit.shutdownTestKit();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aLargeAnswerReachesASlowReaderWholeWhileOthersAreServed() throws Exception {
        String read = "<methodCall><methodName>supervisor.readProcessStdoutLog</methodName><params>"
                + "<param><value><string>a</string></value></param><param><value><int>0</int></value></param>"
                + "<param><value><int>" + LOG_BYTES + "</int></value></param></params></methodCall>";
        try (Socket slow = new Socket()) {
            slow.setReceiveBufferSize(32 * 1024);
            slow.connect(addr, 2000);
            slow.setSoTimeout(20_000);
            slow.getOutputStream().write(RawHttp.post("/RPC2", read, "").getBytes(StandardCharsets.UTF_8));
            InputStream in = slow.getInputStream();
            byte[] head = new byte[16];
            int got = in.readNBytes(head, 0, head.length);
            assertEquals("HTTP/1.1 200 OK\r", new String(head, 0, got, StandardCharsets.US_ASCII));
            // the server now waits for this reader: another client must not wait with it
            String other = RawHttp.exchange(addr, RawHttp.post("/RPC2", API_VERSION, ""), 5000);
            assertTrue(other.contains("<value><string>3.0</string></value>"), other);

            String response = new String(head, StandardCharsets.US_ASCII) + RawHttp.readResponse(in);
            String body = response.substring(response.indexOf("\r\n\r\n") + 4);
            assertTrue(response.contains("Content-Length: " + body.length() + "\r\n"), "one whole answer");
            assertTrue(body.contains(Files.readString(log)), "every byte of the log");
            assertTrue(response.endsWith("</methodResponse>\n"), response.substring(response.length() - 100));
        }
    }

    @Test
    void closedConnectionsReleaseTheirSockets() throws Exception {
        long before = openSockets();
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Socket s = new Socket();
            s.connect(addr, 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write(RawHttp.post("/RPC2", API_VERSION, "").getBytes(StandardCharsets.UTF_8));
            assertTrue(RawHttp.readResponse(s.getInputStream()).contains("3.0"));
            clients.add(s);
        }
        assertTrue(openSockets() >= before + 80, "both ends of 40 connections are open in this JVM");
        for (Socket s : clients) {
            s.close();
        }
        Eventually.await(Duration.ofSeconds(10), "the server closes its ends", () -> openSockets() <= before);
        assertTrue(RawHttp.exchange(addr, RawHttp.post("/RPC2", API_VERSION, ""), 5000).contains("3.0"));
    }

    @Test
    void stoppingClosesIdleConnectionsAndThePort() throws Exception {
        try (Socket idle = new Socket()) {
            idle.connect(addr, 2000);
            idle.setSoTimeout(10_000);
            idle.getOutputStream().write(RawHttp.post("/RPC2", API_VERSION, "").getBytes(StandardCharsets.UTF_8));
            assertTrue(RawHttp.readResponse(idle.getInputStream()).contains("3.0"));
            servers.stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
            assertEquals(-1, idle.getInputStream().read(), "the idle keep-alive connection is closed");
        }
        assertThrows(IOException.class, () -> {
            try (Socket s = new Socket()) {
                s.connect(addr, 2000);
            }
        });
    }

    @Test
    void plainCallsAnswerAsPekkoHttpDoesAndAnyOtherRequestHandsTheConnectionOver() throws Exception {
        // "Connection: keep-alive" is one of the headers only Pekko HTTP's side serves: the same call both ways
        String fast = RawHttp.exchange(addr, RawHttp.post("/RPC2", API_VERSION, ""), 5000);
        String pekko = RawHttp.exchange(addr, RawHttp.post("/RPC2", API_VERSION, "Connection: keep-alive\r\n"),
                5000);
        assertTrue(fast.contains("<value><string>3.0</string></value>"), fast);
        assertEquals(withoutDate(pekko), withoutDate(fast));
        try (Socket s = new Socket()) {
            s.connect(addr, 2000);
            s.setSoTimeout(10_000);
            var out = s.getOutputStream();
            InputStream in = s.getInputStream();
            // two calls in one write, each answered in order
            out.write((RawHttp.post("/RPC2", API_VERSION, "") + RawHttp.post("/RPC2",
                    "<methodCall><methodName>supervisor.getPID</methodName></methodCall>", ""))
                    .getBytes(StandardCharsets.UTF_8));
            assertTrue(readOne(in).contains("3.0"));
            assertTrue(readOne(in).contains("<int>"));
            // a request the short way does not serve: Pekko HTTP answers it and the rest of the connection
            out.write(("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertTrue(readOne(in).startsWith("HTTP/1.1 404 "));
            out.write(RawHttp.post("/RPC2", API_VERSION, "").getBytes(StandardCharsets.UTF_8));
            assertEquals(withoutDate(fast), withoutDate(readOne(in)));
        }
        try (Socket s = new Socket()) {
            s.connect(addr, 2000);
            s.setSoTimeout(10_000);
            // a call whose head and body arrive byte by byte is still one call
            for (byte b : RawHttp.post("/RPC2", API_VERSION, "").getBytes(StandardCharsets.UTF_8)) {
                s.getOutputStream().write(b);
                s.getOutputStream().flush();
            }
            assertEquals(withoutDate(fast), withoutDate(readOne(s.getInputStream())));
            // malformed XML is Pekko's side's to refuse, as before
            s.getOutputStream().write(RawHttp.post("/RPC2", "garbage", "").getBytes(StandardCharsets.UTF_8));
            assertTrue(readOne(s.getInputStream()).startsWith("HTTP/1.1 400 "));
        }
    }

    /** Reads exactly one response (head, then Content-Length bytes): the next one may follow in the same read. */
    private static String readOne(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Content-Length: (\\d+)").matcher(head);
        int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
        return head + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    private static String withoutDate(String response) {
        return response.replaceFirst("\r\nDate: [^\r]*\r\n", "\r\n");
    }

    /** Sockets open in this JVM (both the test's clients and the server's accepted connections). */
    private static long openSockets() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                } catch (IOException gone) {
                    return false;
                }
            }).count();
        }
    }
}
