package io.drover.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.config.Credentials;
import io.drover.config.InetServerSpec;
import io.drover.config.UnixServerSpec;
import io.drover.node.supervisor.NodeSupervisor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP servers against raw sockets, Python's xmlrpc.client and bad input, over TCP and a UNIX socket. */
class HttpServersTest {
    private static final String AUTH = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8)) + "\r\n";
    /** The system Python, which has supervisor's own modules (its SupervisorTransport speaks unix://). */
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    private static ActorTestKit kit;
    /** system.methodSignature of every method, from supervisord 4.2.5. */
    private static final String SUPERVISORD_SIGNATURES = "{'supervisor.addProcessGroup': ['boolean', 'string'], 'supervisor.clearAllProcessLogs': ['array'], '" +
            "supervisor.clearLog': ['boolean'], 'supervisor.clearProcessLog': ['boolean', 'string'], 'supervisor." +
            "clearProcessLogs': ['boolean', 'string'], 'supervisor.getAPIVersion': ['string'], 'supervisor.getAll" +
            "ConfigInfo': ['array'], 'supervisor.getAllProcessInfo': ['array'], 'supervisor.getIdentification': [" +
            "'string'], 'supervisor.getPID': ['int'], 'supervisor.getProcessInfo': ['struct', 'string'], 'supervi" +
            "sor.getState': ['struct'], 'supervisor.getSupervisorVersion': ['string'], 'supervisor.getVersion': [" +
            "'string'], 'supervisor.readLog': ['string', 'int', 'int'], 'supervisor.readMainLog': ['string', 'int" +
            "', 'int'], 'supervisor.readProcessLog': ['string', 'string', 'int', 'int'], 'supervisor.readProcessS" +
            "tderrLog': ['string', 'string', 'int', 'int'], 'supervisor.readProcessStdoutLog': ['string', 'string" +
            "', 'int', 'int'], 'supervisor.reloadConfig': ['array'], 'supervisor.removeProcessGroup': ['boolean'," +
            " 'string'], 'supervisor.restart': ['boolean'], 'supervisor.sendProcessStdin': ['boolean', 'string', " +
            "'string'], 'supervisor.sendRemoteCommEvent': ['boolean', 'string', 'string'], 'supervisor.shutdown':" +
            " ['boolean'], 'supervisor.signalAllProcesses': ['array', 'string'], 'supervisor.signalProcess': ['bo" +
            "olean', 'string', 'string'], 'supervisor.signalProcessGroup': ['array', 'string', 'string'], 'superv" +
            "isor.startAllProcesses': ['array', 'boolean'], 'supervisor.startProcess': ['boolean', 'string', 'boo" +
            "lean'], 'supervisor.startProcessGroup': ['array', 'string', 'boolean'], 'supervisor.stopAllProcesses" +
            "': ['array', 'boolean'], 'supervisor.stopProcess': ['boolean', 'string', 'boolean'], 'supervisor.sto" +
            "pProcessGroup': ['array', 'string', 'boolean'], 'supervisor.tailProcessLog': ['array', 'string', 'in" +
            "t', 'int'], 'supervisor.tailProcessStderrLog': ['array', 'string', 'int', 'int'], 'supervisor.tailPr" +
            "ocessStdoutLog': ['array', 'string', 'int', 'int'], 'system.listMethods': ['array'], 'system.methodH" +
            "elp': ['string', 'string'], 'system.methodSignature': ['array', 'string'], 'system.multicall': ['arr" +
            "ay', 'array']}";
    /** system.listMethods() of supervisord 4.2.5. */
    private static final String SUPERVISORD_METHODS = "['supervisor.addProcessGroup', 'supervisor.clearAllProcessLogs',"
            + " 'supervisor.clearLog', 'supervisor.clearProcessLog', 'supervisor.clearProcessLogs',"
            + " 'supervisor.getAPIVersion', 'supervisor.getAllConfigInfo', 'supervisor.getAllProcessInfo',"
            + " 'supervisor.getIdentification', 'supervisor.getPID', 'supervisor.getProcessInfo', 'supervisor.getState',"
            + " 'supervisor.getSupervisorVersion', 'supervisor.getVersion', 'supervisor.readLog', 'supervisor.readMainLog',"
            + " 'supervisor.readProcessLog', 'supervisor.readProcessStderrLog', 'supervisor.readProcessStdoutLog',"
            + " 'supervisor.reloadConfig', 'supervisor.removeProcessGroup', 'supervisor.restart',"
            + " 'supervisor.sendProcessStdin', 'supervisor.sendRemoteCommEvent', 'supervisor.shutdown',"
            + " 'supervisor.signalAllProcesses', 'supervisor.signalProcess', 'supervisor.signalProcessGroup',"
            + " 'supervisor.startAllProcesses', 'supervisor.startProcess', 'supervisor.startProcessGroup',"
            + " 'supervisor.stopAllProcesses', 'supervisor.stopProcess', 'supervisor.stopProcessGroup',"
            + " 'supervisor.tailProcessLog', 'supervisor.tailProcessStderrLog', 'supervisor.tailProcessStdoutLog',"
            + " 'system.listMethods', 'system.methodHelp', 'system.methodSignature', 'system.multicall']";
    private static HttpServers servers;
    private static InetSocketAddress addr;
    private static Path dir;
    private static Path log;
    private static Path socket;
    private static ActorRef<NodeSupervisor.Command> node;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("drover-http");
        log = dir.resolve("a.out");
        Files.writeString(log, "x".repeat(2000) + "hello tail\n");
        socket = dir.resolve("s.sock");
        kit = ActorTestKit.create("http-test");
        node = kit.spawn(FixtureNode.create(log));
        servers = HttpServers.start(kit.system(), node, TestConfigs.config(dir,
                Optional.of(new InetServerSpec("127.0.0.1", 0, Optional.of(new Credentials("u", "p")))),
                Optional.of(new UnixServerSpec(socket, 0700, Optional.empty(), Optional.empty())),
                "drover.http.request-body-timeout = 1s"));
        addr = servers.inetAddress().orElseThrow();
    }

    @AfterAll
    static void stop() throws IOException {
        servers.close();
        kit.shutdownTestKit();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String rpc(String body) throws IOException {
        return RawHttp.exchange(addr, RawHttp.post("/RPC2", body, AUTH), 5000);
    }

    private static void assertMedusaError(String response, int code, String reason) {
        assertTrue(response.startsWith("HTTP/1.1 " + code + " "), response);
        assertTrue(response.contains("Content-Type: text/html\r\n"), response);
        assertTrue(response.endsWith("<p>Error code " + code + ".\r\n<p>Message: " + reason + ".\r\n</body>\r\n"),
                response);
    }

    @Test
    void badRequestsAre400() throws IOException {
        assertMedusaError(rpc("garbage"), 400, "Bad Request");
        assertMedusaError(rpc("<methodCall><params/></methodCall>"), 400, "Bad Request");
        assertMedusaError(rpc("<methodCall><methodName></methodName></methodCall>"), 400, "Bad Request");
        assertMedusaError(RawHttp.exchange(addr, "GET /RPC2 HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n", 5000), 400,
                "Bad Request");
    }

    @Test
    void externalEntitiesAreRejectedNotRead() throws IOException {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "TOPSECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file://" + secret + "\">]>"
                + "<methodCall><methodName>supervisor.getProcessInfo</methodName><params><param><value>&x;"
                + "</value></param></params></methodCall>";
        String response = rpc(xxe);
        assertMedusaError(response, 400, "Bad Request");
        assertFalse(response.contains("TOPSECRET"));
    }

    @Test
    void faultsAndResultsAreSupervisordsBytes() throws IOException {
        String unknown = rpc("<methodCall><methodName>supervisor.nope</methodName></methodCall>");
        assertTrue(unknown.startsWith("HTTP/1.1 200 OK"), unknown);
        assertTrue(unknown.contains("Content-Type: text/xml\r\n"), unknown);
        assertTrue(unknown.contains("Content-Length: 269\r\n"), unknown);
        assertTrue(unknown.contains("<string>UNKNOWN_METHOD</string>"), unknown);
        assertTrue(rpc("<methodCall><methodName>supervisor.getState</methodName><params><param><value>a</value>"
                + "</param></params></methodCall>").contains("<value><int>2</int></value>"));
        assertTrue(rpc("<methodCall><methodName>a.b.c</methodName></methodCall>").contains("UNKNOWN_METHOD"));
        assertTrue(rpc("<methodCall><methodName>supervisor._update</methodName></methodCall>")
                .contains("UNKNOWN_METHOD"));
        // an int where a name is expected: supervisord answers HTTP 500
        assertMedusaError(rpc("<methodCall><methodName>supervisor.getProcessInfo</methodName><params><param>"
                + "<value><int>5</int></value></param></params></methodCall>"), 500, "Internal Server Error");
        String info = rpc("<methodCall><methodName>supervisor.getProcessInfo</methodName><params><param>"
                + "<value>a</value></param></params></methodCall>");
        // the body as supervisord 4.2.5 wrote it for the same process table (captured with curl)
        String expected = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n"
                + member("name", "<string>a</string>") + member("group", "<string>a</string>")
                + member("start", "<int>1795324026</int>") + member("stop", "<int>0</int>")
                + member("now", "<int>1795324033</int>") + member("state", "<int>20</int>")
                + member("statename", "<string>RUNNING</string>") + member("spawnerr", "<string></string>")
                + member("exitstatus", "<int>0</int>") + member("logfile", "<string>/tmp/a.out</string>")
                + member("stdout_logfile", "<string>/tmp/a.out</string>")
                + member("stderr_logfile", "<string></string>") + member("pid", "<int>42</int>")
                + member("description", "<string>pid 42, uptime 0:00:07</string>")
                + "</struct></value>\n</param>\n</params>\n</methodResponse>\n";
        assertTrue(info.endsWith("\r\n\r\n" + expected), info);
    }

    private static String member(String name, String value) {
        return "<member>\n<name>" + name + "</name>\n<value>" + value + "</value>\n</member>\n";
    }

    @Test
    void missingOrWrongCredentialsAre401WithABasicChallenge() throws IOException {
        String none = RawHttp.exchange(addr, RawHttp.post("/RPC2", "x", ""), 5000);
        assertMedusaError(none, 401, "Unauthorized");
        assertTrue(none.contains("WWW-Authenticate: Basic realm=\"default\"\r\n"), none);
        String wrong = "Authorization: Basic " + Base64.getEncoder().encodeToString("u:q".getBytes()) + "\r\n";
        assertMedusaError(RawHttp.exchange(addr, RawHttp.post("/RPC2", "x", wrong), 5000), 401, "Unauthorized");
        assertMedusaError(RawHttp.exchange(addr, "GET /logtail/a HTTP/1.1\r\nHost: x\r\n\r\n", 5000), 401,
                "Unauthorized");
    }

    @Test
    void hugeBodiesAreRefusedWithoutReadingThem() throws IOException {
        try (Socket s = new Socket()) {
            s.connect(addr, 2000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /RPC2 HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: " + (100L << 20)
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] mb = new byte[1 << 20];
            try {
                for (int i = 0; i < 100; i++) {
                    out.write(mb);
                }
            } catch (IOException closedByServer) {
                // the server stops reading once it has refused the body
            }
            String response = RawHttp.readResponse(s.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 413 "), response);
        }
        assertTrue(rpc("<methodCall><methodName>supervisor.getPID</methodName></methodCall>").contains("<int>"));
    }

    @Test
    void aSlowClientTimesOutWithoutDelayingOthers() throws IOException {
        try (Socket slow = new Socket()) {
            slow.connect(addr, 2000);
            slow.setSoTimeout(10_000);
            slow.getOutputStream().write(("POST /RPC2 HTTP/1.1\r\nHost: x\r\n" + AUTH
                    + "Content-Length: 500\r\n\r\n<methodCall>").getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            assertTrue(rpc("<methodCall><methodName>supervisor.getPID</methodName></methodCall>").contains("<int>"));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(1), "others are served meanwhile");
            String response = RawHttp.readResponse(slow.getInputStream());
            assertTrue(response.startsWith("HTTP/1.1 408 "), response);
        }
    }

    @Test
    void logtailStreamsTheEndOfTheFileAndFollowsIt() throws IOException {
        assertMedusaError(RawHttp.exchange(addr, "GET /logtail/nope HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n", 5000),
                404, "Not Found");
        assertMedusaError(RawHttp.exchange(addr, "GET /logtail/a/stderr HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n",
                5000), 404, "Not Found");
        try (Socket s = new Socket()) {
            s.connect(addr, 2000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /logtail/a HTTP/1.1\r\nHost: x\r\n" + AUTH + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String first = readUntil(in, "hello tail\n");
            assertTrue(first.contains("Transfer-Encoding: chunked"), first);
            assertFalse(first.contains("x".repeat(1100)), "only the last 1024 bytes at first");
            Files.writeString(log, "more output\n", java.nio.file.StandardOpenOption.APPEND);
            readUntil(in, "more output\n");
        }
    }

    private static String readUntil(InputStream in, String marker) throws IOException {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[4096];
        while (!sb.toString().contains(marker)) {
            int n = in.read(buf);
            if (n < 0) {
                break;
            }
            sb.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        assertTrue(sb.toString().contains(marker), sb.toString());
        return sb.toString();
    }

    @Test
    void supervisorctlsTailRequestOverTheUnixSocket() throws Exception {
        // byte for byte what supervisorctl's http_client sends for tail -f over unix:// (empty Host, extra CRLF)
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            String req = "GET /logtail/a/stdout HTTP/1.1\r\nHost: \r\nAccept-Encoding: chunked\r\nAccept: */*\r\n"
                    + "User-agent: Supervisor HTTP Client\r\n\r\n\r\n";
            ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
            InputStream in = java.nio.channels.Channels.newInputStream(ch);
            String got = readUntil(in, "hello tail\n");
            assertTrue(got.startsWith("HTTP/1.1 200 OK"), got);
        }
    }

    @Test
    void unixSocketServesRpcWithItsMode() throws Exception {
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            String body = "<methodCall><methodName>supervisor.getAPIVersion</methodName></methodCall>";
            ch.write(ByteBuffer.wrap(RawHttp.post("/RPC2", body, "").getBytes(StandardCharsets.UTF_8)));
            String response = RawHttp.readResponse(java.nio.channels.Channels.newInputStream(ch));
            assertTrue(response.startsWith("HTTP/1.1 200 OK"), response);
            assertTrue(response.contains("<value><string>3.0</string></value>"), response);
        }
    }

    @Test
    void pythonXmlrpcClientOverBothTransports() throws Exception {
        String script = String.join("\n",
                "import sys, xmlrpc.client",
                "from supervisor.xmlrpc import SupervisorTransport",
                "inet = xmlrpc.client.ServerProxy('http://u:p@127.0.0.1:%d/RPC2')" .formatted(addr.getPort()),
                "unix = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None,"
                        + " 'unix://" + socket + "'))",
                "for s in (inet, unix):",
                "  assert s.system.listMethods() == " + SUPERVISORD_METHODS + ", s.system.listMethods()",
                "  assert s.supervisor.getAPIVersion() == '3.0'",
                "  sigs = " + SUPERVISORD_SIGNATURES,
                "  for m, sig in sigs.items():",
                "    assert s.system.methodSignature(m) == sig, (m, s.system.methodSignature(m))",
                "    assert '@return' in s.system.methodHelp(m), m",
                "  assert s.supervisor.getProcessInfo('a')['pid'] == 42",
                "  r = s.system.multicall([{'methodName': 'supervisor.getAPIVersion'},"
                        + " {'methodName': 'supervisor.nope'}, {'methodName': 'system.multicall'}, {}])",
                "  assert r == ['3.0', {'faultCode': 1, 'faultString': 'UNKNOWN_METHOD'},"
                        + " {'faultCode': 2, 'faultString': 'INCORRECT_PARAMETERS: Recursive system.multicall forbidden'},"
                        + " {'faultCode': 2, 'faultString': 'INCORRECT_PARAMETERS: No methodName'}], r",
                "  assert s.system.methodSignature('supervisor.startProcess') == ['boolean', 'string', 'boolean']",
                "  assert s.supervisor.startProcess('g:*') == [{'name': 'x', 'group': 'g', 'status': 80,"
                        + " 'description': 'OK'}]",
                "  try:",
                "    s.supervisor.getProcessInfo('nope'); sys.exit('no fault')",
                "  except xmlrpc.client.Fault as f:",
                "    assert (f.faultCode, f.faultString) == (10, 'BAD_NAME: nope'), f",
                "  try:",
                "    s.supervisor.getProcessInfo(); sys.exit('no fault')",
                "  except xmlrpc.client.Fault as f:",
                "    assert f.faultCode == 2, f",
                "print('ok')");
        ProcessBuilder pb = new ProcessBuilder(PYTHON, "-c", script).redirectErrorStream(true);
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "python finished");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            assertEquals("ok", out.strip());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aLiveSocketIsRefusedAndAStaleOneReplaced() throws Exception {
        Path other = dir.resolve("other.sock");
        var spec = new UnixServerSpec(other, 0770, Optional.empty(), Optional.empty());
        // stale: a socket file nobody listens on any more
        try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            dead.bind(UnixDomainSocketAddress.of(other));
        }
        assertTrue(Files.exists(other));
        HttpServers second = HttpServers.start(kit.system(), node, TestConfigs.config(dir, Optional.empty(),
                Optional.of(spec), ""));
        try {
            assertEquals("rwxrwx---", PosixFilePermissions.toString(Files.getPosixFilePermissions(other)));
            HttpServerException e = assertThrows(HttpServerException.class, () -> HttpServers.start(kit.system(),
                    node, TestConfigs.config(dir, Optional.empty(), Optional.of(spec), "")));
            assertTrue(e.getMessage().contains("already listening"), e.getMessage());
        } finally {
            second.close();
        }
        assertFalse(Files.exists(other), "socket file removed on stop");
    }

    @Test
    void anOpenInetServerNeedsCredentialsOrAnExplicitOptIn() {
        var open = new InetServerSpec("", 0, Optional.empty());
        HttpServerException e = assertThrows(HttpServerException.class, () -> HttpServers.start(kit.system(), node,
                TestConfigs.config(dir, Optional.of(open), Optional.empty(), "")));
        assertTrue(e.getMessage().contains("allow_unauthenticated_remote"), e.getMessage());
        InetHttpServer.checkExposure(new InetServerSpec("127.0.0.1", 9, Optional.empty()), false);
        InetHttpServer.checkExposure(open, HttpServers.allowUnauthenticatedRemote(
                com.typesafe.config.ConfigFactory.parseString("drover.allow_unauthenticated_remote = true")));
    }
}
