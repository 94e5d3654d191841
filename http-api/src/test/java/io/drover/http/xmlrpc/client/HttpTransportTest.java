package io.drover.http.xmlrpc.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.http.xmlrpc.XmlRpcResponseWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client transport over real sockets: framing, auth header, status codes and unreachable servers. */
class HttpTransportTest {
    @TempDir
    Path dir;

    /** Serves one connection on a unix socket with a canned answer; completes with the request it read. */
    private static CompletableFuture<String> serveOnce(ServerSocketChannel server, String response) {
        return CompletableFuture.supplyAsync(() -> {
            try (SocketChannel ch = server.accept()) {
                ByteBuffer buf = ByteBuffer.allocate(65536);
                StringBuilder req = new StringBuilder();
                while (!complete(req.toString()) && ch.read(buf) > 0) {
                    buf.flip();
                    req.append(StandardCharsets.UTF_8.decode(buf));
                    buf.clear();
                }
                ch.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.UTF_8)));
                return req.toString();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static boolean complete(String req) {
        int end = req.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Content-Length: (\\d+)").matcher(req);
        return !m.find() || req.length() - end - 4 >= Integer.parseInt(m.group(1));
    }

    private ServerSocketChannel unixServer(String name) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(dir.resolve(name)));
        return s;
    }

    @Test
    void callsOverAUnixSocketWithBasicAuthAndAChunkedAnswer() throws Exception {
        try (ServerSocketChannel server = unixServer("a.sock")) {
            String body = new String(XmlRpcResponseWriter.success("4.2.5"), StandardCharsets.UTF_8);
            String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: text/xml\r\n\r\n"
                    + Integer.toHexString(10) + "\r\n" + body.substring(0, 10) + "\r\n"
                    + Integer.toHexString(body.length() - 10) + ";ext=1\r\n" + body.substring(10) + "\r\n0\r\n\r\n";
            CompletableFuture<String> request = serveOnce(server, chunked);
            SupervisorClient client = new SupervisorClient(ServerUrl.parse("unix://" + dir.resolve("a.sock")), "u",
                    "p:w");
            assertEquals("4.2.5", client.call("supervisor.getSupervisorVersion"));
            String req = request.get(10, TimeUnit.SECONDS);
            assertTrue(req.startsWith("POST /RPC2 HTTP/1.1\r\n"), req);
            assertTrue(req.contains("\r\nHost: localhost\r\n"), req);
            assertTrue(req.contains("\r\nAuthorization: Basic dTpwOnc=\r\n"), req);
            assertTrue(req.endsWith("<methodName>supervisor.getSupervisorVersion</methodName>\n<params>\n"
                    + "</params>\n</methodCall>\n"), req);
        }
    }

    @Test
    void aStatusOtherThan200IsAnHttpStatusException() throws Exception {
        try (ServerSocketChannel server = unixServer("b.sock")) {
            serveOnce(server, "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n");
            SupervisorClient client = new SupervisorClient(ServerUrl.parse("unix://" + dir.resolve("b.sock")), null,
                    null);
            HttpStatusException e = assertThrows(HttpStatusException.class, () -> client.call("x.y"));
            assertEquals(401, e.status());
            assertEquals("Unauthorized", e.reasonPhrase());
        }
    }

    @Test
    void aStreamedGetHandsOverTheBodyAsItArrives() throws Exception {
        try (ServerSocketChannel server = unixServer("c.sock")) {
            serveOnce(server, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabc\n\r\n3\r\nde\n\r\n0\r\n\r\n");
            HttpTransport t = HttpTransport.forTail(ServerUrl.parse("unix://" + dir.resolve("c.sock")), null, "");
            try (HttpTransport.Streamed s = t.get("/logtail/x")) {
                assertEquals(200, s.status());
                InputStream in = s.body();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                in.transferTo(got);
                assertEquals("abc\nde\n", got.toString(StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void unreachableServersSayWhy() throws Exception {
        SupervisorClient missing = new SupervisorClient(ServerUrl.parse("unix://" + dir.resolve("none.sock")), null,
                null);
        assertEquals(ServerUnreachable.Reason.NO_SUCH_FILE,
                assertThrows(ServerUnreachable.class, () -> missing.call("x.y")).reason());
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        SupervisorClient closed = new SupervisorClient(ServerUrl.parse("http://127.0.0.1:" + port), null, null);
        assertEquals(ServerUnreachable.Reason.REFUSED,
                assertThrows(ServerUnreachable.class, () -> closed.call("x.y")).reason());
    }

    @Test
    void aServerThatIsNotHttpIsAMalformedResponse() throws Exception {
        try (ServerSocketChannel server = unixServer("d.sock")) {
            serveOnce(server, "SSH-2.0-OpenSSH\r\n\r\n");
            SupervisorClient client = new SupervisorClient(ServerUrl.parse("unix://" + dir.resolve("d.sock")), null,
                    null);
            assertThrows(MalformedResponseException.class, () -> client.call("x.y"));
        }
    }
}
