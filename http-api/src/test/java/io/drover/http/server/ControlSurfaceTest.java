package io.drover.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Control-surface details found by running supervisord 4.2.5 and Drover side by side on one config and diffing
 * the raw HTTP answers: each case here is one the two daemons answered differently before.
 */
class ControlSurfaceTest {
    private static final String AUTH = "Authorization: Basic "
            + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8)) + "\r\n";

    private static String call(String method, String... stringParams) {
        StringBuilder params = new StringBuilder();
        for (String p : stringParams) {
            params.append("<param><value><string>").append(p).append("</string></value></param>");
        }
        return "<?xml version=\"1.0\"?><methodCall><methodName>" + method + "</methodName><params>" + params
                + "</params></methodCall>";
    }

    private static String rpc(RealNode d, String method, String... params) throws Exception {
        return RawHttp.exchange(new InetSocketAddress("127.0.0.1", d.port),
                RawHttp.post("/RPC2", call(method, params), AUTH), 10_000);
    }

    private static String raw(RealNode d, String request) throws Exception {
        return RawHttp.exchange(new InetSocketAddress("127.0.0.1", d.port), request, 10_000);
    }

    /** supervisord logs "reopening log file" before it reopens: the fresh main log starts empty. */
    @Test
    void clearLogLeavesAnEmptyMainLog() throws Exception {
        try (RealNode d = RealNode.start("")) {
            Eventually.await(java.time.Duration.ofSeconds(10), "the daemon log written",
                    () -> Files.size(d.dir.resolve("supervisord.log")) > 0);
            String cleared = rpc(d, "supervisor.clearLog");
            assertTrue(cleared.contains("<boolean>1</boolean>"), cleared);
            assertEquals(0, Files.size(d.dir.resolve("supervisord.log")));
            String read = RawHttp.exchange(new InetSocketAddress("127.0.0.1", d.port), RawHttp.post("/RPC2",
                    "<?xml version=\"1.0\"?><methodCall><methodName>supervisor.readLog</methodName><params>"
                            + "<param><value><int>0</int></value></param><param><value><int>0</int></value></param>"
                            + "</params></methodCall>", AUTH), 10_000);
            assertTrue(read.contains("<value><string></string></value>"), read);
        }
    }

    /** The CANT_REREAD fault reads as supervisord's message: no line number (the command line keeps it). */
    @Test
    void cantRereadNamesNoLine() throws Exception {
        try (RealNode d = RealNode.start("")) {
            Files.writeString(d.conf, Files.readString(d.conf) + "\n[program:broken]\ncommand=x\nautorestart=maybe\n");
            String body = rpc(d, "supervisor.reloadConfig");
            assertTrue(body.contains("<string>CANT_REREAD: invalid 'autorestart' value 'maybe' in section "
                    + "'program:broken' (file: '" + d.conf + "')</string>"), body);
        }
    }

    private static String stdoutLogfileOf(String configInfo, String name) {
        Matcher m = Pattern.compile("<name>name</name>\n<value><string>" + name + "</string></value>\n</member>\n"
                + "(?:<member>\n<name>(?!stdout_logfile<)[a-z_]+</name>\n<value>.*?</value>\n</member>\n)*?"
                + "<member>\n<name>stdout_logfile</name>\n<value><string>([^<]*)</string>", Pattern.DOTALL)
                .matcher(configInfo);
        assertTrue(m.find(), "no stdout_logfile for " + name + " in " + configInfo);
        return m.group(1);
    }

    /**
     * getAllConfigInfo reports supervisord's config objects of the last read: an AUTO log is a file name in the
     * config a group was built from, "auto" in a newer read until the group is added from it; re-adding a removed
     * group of the same read keeps its file.
     */
    @Test
    void autoLogNamesFollowTheReadTheGroupWasBuiltFrom() throws Exception {
        try (RealNode d = RealNode.start("[program:a]\ncommand=sleep 1000\nautostart=false\n")) {
            String first = stdoutLogfileOf(rpc(d, "supervisor.getAllConfigInfo"), "a");
            assertTrue(first.startsWith(d.dir + "/a-stdout---"), first);

            Files.writeString(d.conf, Files.readString(d.conf) + "\n[program:b]\ncommand=sleep 1000\nautostart=false\n");
            assertTrue(rpc(d, "supervisor.reloadConfig").contains("<string>b</string>"));
            String afterReread = rpc(d, "supervisor.getAllConfigInfo");
            assertEquals("auto", stdoutLogfileOf(afterReread, "a"));
            assertEquals("auto", stdoutLogfileOf(afterReread, "b"));

            assertTrue(rpc(d, "supervisor.addProcessGroup", "b").contains("<boolean>1</boolean>"));
            String added = stdoutLogfileOf(rpc(d, "supervisor.getAllConfigInfo"), "b");
            assertTrue(added.startsWith(d.dir + "/b-stdout---"), added);

            assertTrue(rpc(d, "supervisor.removeProcessGroup", "b").contains("<boolean>1</boolean>"));
            String removed = rpc(d, "supervisor.getAllConfigInfo");
            assertEquals(added, stdoutLogfileOf(removed, "b"));
            assertTrue(removed.contains("<name>inuse</name>\n<value><boolean>0</boolean>"), removed);
            assertTrue(rpc(d, "supervisor.addProcessGroup", "b").contains("<boolean>1</boolean>"));
            assertEquals(added, stdoutLogfileOf(rpc(d, "supervisor.getAllConfigInfo"), "b"));
        }
    }

    /**
     * supervisord's reloadConfig copies [supervisord] into its options at once: getIdentification, readLog, clearLog
     * and /mainlogtail follow the new identifier and logfile (NO_FILE / 404 until the moved file exists), though the
     * daemon keeps writing the log it opened. The UI names the new identifier too.
     */
    @Test
    void aRereadChangesIdentifierAndLogfileAtOnce() throws Exception {
        try (RealNode d = RealNode.start("")) {
            assertTrue(rpc(d, "supervisor.getIdentification").contains("<string>supervisor</string>"));
            Path moved = d.dir.resolve("moved.log");
            Files.writeString(d.conf, Files.readString(d.conf)
                    .replace("[supervisord]\n", "[supervisord]\nidentifier=renamed\n")
                    .replace("logfile=" + d.dir.resolve("supervisord.log"), "logfile=" + moved));
            assertTrue(rpc(d, "supervisor.reloadConfig").contains("<array><data>\n</data></array>"),
                    "no group changed");
            assertTrue(rpc(d, "supervisor.getIdentification").contains("<string>renamed</string>"));
            String read = RawHttp.exchange(new InetSocketAddress("127.0.0.1", d.port), RawHttp.post("/RPC2",
                    "<?xml version=\"1.0\"?><methodCall><methodName>supervisor.readLog</methodName><params>"
                            + "<param><value><int>0</int></value></param><param><value><int>0</int></value></param>"
                            + "</params></methodCall>", AUTH), 10_000);
            assertTrue(read.contains("<string>NO_FILE: " + moved + "</string>"), read);
            assertTrue(rpc(d, "supervisor.clearLog").contains("<string>NO_FILE</string>"));
            assertTrue(Files.size(d.dir.resolve("supervisord.log")) > 0, "the open log is not cleared");
            String tail = raw(d, "GET /mainlogtail HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n\r\n");
            assertTrue(tail.startsWith("HTTP/1.1 404 "), tail);
            String page = raw(d, "GET /index.html HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n\r\n");
            assertTrue(page.contains("<code>renamed</code>"), page);

            Files.writeString(moved, "elsewhere\n");
            String again = RawHttp.exchange(new InetSocketAddress("127.0.0.1", d.port), RawHttp.post("/RPC2",
                    "<?xml version=\"1.0\"?><methodCall><methodName>supervisor.readLog</methodName><params>"
                            + "<param><value><int>0</int></value></param><param><value><int>0</int></value></param>"
                            + "</params></methodCall>", AUTH), 10_000);
            assertTrue(again.contains("<string>elsewhere\n</string>"), again);
            // clearLog removes the file the reread named and reopens the one the daemon writes, which keeps its lines
            long before = Files.size(d.dir.resolve("supervisord.log"));
            assertTrue(rpc(d, "supervisor.clearLog").contains("<boolean>1</boolean>"));
            assertFalse(Files.exists(moved));
            Eventually.await(java.time.Duration.ofSeconds(5), "the reopen line appended",
                    () -> Files.readString(d.dir.resolve("supervisord.log")).endsWith("INFO reopening log file\n"));
            assertTrue(Files.size(d.dir.resolve("supervisord.log")) > before);
        }
    }

    /** medusa's catch-all handler refuses every method but GET/HEAD with 400, whatever the path. */
    @Test
    void otherMethodsOnUnknownPathsAre400() throws Exception {
        try (RealNode d = RealNode.start("")) {
            for (String method : new String[] {"POST", "PUT", "DELETE", "OPTIONS"}) {
                String r = raw(d, method + " /nope HTTP/1.1\r\nHost: x\r\n" + AUTH + "Content-Length: 0\r\n"
                        + "Connection: close\r\n\r\n");
                assertTrue(r.startsWith("HTTP/1.1 400 Bad Request\r\n"), method + ": " + r);
                assertTrue(r.endsWith("<p>Error code 400.\r\n<p>Message: Bad Request.\r\n</body>\r\n"), r);
            }
            String get = raw(d, "GET /nope HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n\r\n");
            assertTrue(get.startsWith("HTTP/1.1 404 Not Found\r\n"), get);
        }
    }

    /** A method Pekko does not know (it would say 501 in plain text) gets medusa's 400 page. */
    @Test
    void unknownMethodIsMedusas400Page() throws Exception {
        try (RealNode d = RealNode.start("")) {
            String r = raw(d, "FOO /RPC2 HTTP/1.1\r\nHost: x\r\n" + AUTH + "Connection: close\r\n\r\n");
            assertTrue(r.startsWith("HTTP/1.1 400 Bad Request\r\n"), r);
            assertTrue(r.contains("Content-Type: text/html\r\n"), r);
            assertTrue(r.endsWith("<h1>Error response</h1>\r\n<p>Error code 400.\r\n<p>Message: Bad Request.\r\n"
                    + "</body>\r\n"), r);
            assertFalse(r.contains("501"), r);
        }
    }

    /** Credentials supervisord cannot split at a colon make it fail with 500; undecodable ones are 400. */
    @Test
    void credentialsWithoutColonAre500() throws Exception {
        try (RealNode d = RealNode.start("")) {
            String noColon = raw(d, "GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Basic "
                    + Base64.getEncoder().encodeToString("u".getBytes(StandardCharsets.UTF_8))
                    + "\r\nConnection: close\r\n\r\n");
            assertTrue(noColon.startsWith("HTTP/1.1 500 Internal Server Error\r\n"), noColon);
            assertTrue(noColon.endsWith("<p>Error code 500.\r\n<p>Message: Internal Server Error.\r\n</body>\r\n"),
                    noColon);
            String notUtf8 = raw(d, "GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Basic /zp4\r\n"
                    + "Connection: close\r\n\r\n");
            assertTrue(notUtf8.startsWith("HTTP/1.1 400 Bad Request\r\n"), notUtf8);
        }
    }

    private static String member(String name, String value) {
        return "<member><name>" + name + "</name><value>" + value + "</value></member>";
    }

    private static String struct(String method, String params) {
        return "<value><struct>" + member("methodName", method) + member("params", "<array><data>" + params
                + "</data></array>") + "</struct></value>";
    }

    private static String fault(int code, String text) {
        return "<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>" + code + "</int></value>\n"
                + "</member>\n<member>\n<name>faultString</name>\n<value><string>" + text + "</string></value>\n"
                + "</member>\n</struct></value>\n";
    }

    /**
     * Inside system.multicall an argument of the wrong type is a FAILED struct carrying Python's exception as
     * supervisord raised it (outside, the same call is HTTP 500): the texts are supervisord 4.2.5's.
     */
    @Test
    void multicallReportsPythonsExceptions() throws Exception {
        try (RealNode d = RealNode.start("[program:a]\ncommand=sleep 1000\nautostart=false\n"
                + "stdout_logfile=%(here)s/a.log\n")) {
            Files.writeString(d.dir.resolve("a.log"), "hello\n");
            String calls = struct("<string>supervisor.getProcessInfo</string>", "<value><int>1</int></value>")
                    + struct("<string>supervisor.readLog</string>",
                            "<value><string>x</string></value><value><int>1</int></value>")
                    + struct("<string>supervisor.tailProcessStdoutLog</string>",
                            "<value><string>a</string></value><value><string>x</string></value>"
                                    + "<value><int>1</int></value>")
                    + struct("<string>supervisor.signalProcess</string>",
                            "<value><string>a</string></value><value><array><data></data></array></value>")
                    + struct("<int>5</int>", "")
                    + struct("<string>supervisor.startProcessGroup</string>",
                            "<value><dateTime.iso8601>20261203T04:44:11</dateTime.iso8601></value>");
            String body = "<?xml version=\"1.0\"?><methodCall><methodName>system.multicall</methodName><params>"
                    + "<param><value><array><data>" + calls + "</data></array></value></param></params></methodCall>";
            String r = RawHttp.exchange(new InetSocketAddress("127.0.0.1", d.port), RawHttp.post("/RPC2", body, AUTH),
                    10_000);
            String expected = fault(30, "FAILED: &lt;class 'AttributeError'&gt;:'int' object has no attribute 'split'")
                    + fault(30, "FAILED: &lt;class 'AttributeError'&gt;:type object 'Faults' has no attribute "
                            + "'invalid literal for int() with base 10: 'x''")
                    + fault(30, "FAILED: &lt;class 'ValueError'&gt;:invalid literal for int() with base 10: 'x'")
                    + fault(30, "FAILED: &lt;class 'AttributeError'&gt;:'list' object has no attribute 'strip'")
                    + fault(30, "FAILED: &lt;class 'AttributeError'&gt;:'int' object has no attribute 'split'")
                    + fault(10, "BAD_NAME: 2026-12-03 04:44:11");
            assertTrue(r.endsWith("<value><array><data>\n" + expected + "</data></array></value>\n</param>\n"
                    + "</params>\n</methodResponse>\n"), r);
        }
    }

    /** A name argument echoed in a fault reads as Python's str(): None adds no detail, a dateTime as str(datetime). */
    @Test
    void faultDetailsAsPythonsStr() throws Exception {
        try (RealNode d = RealNode.start("")) {
            InetSocketAddress addr = new InetSocketAddress("127.0.0.1", d.port);
            String none = RawHttp.exchange(addr, RawHttp.post("/RPC2", "<?xml version=\"1.0\"?><methodCall><methodName>"
                    + "supervisor.addProcessGroup</methodName><params><param><value><nil/></value></param></params>"
                    + "</methodCall>", AUTH), 10_000);
            assertTrue(none.contains("<name>faultString</name>\n<value><string>BAD_NAME</string></value>"), none);
            String date = RawHttp.exchange(addr, RawHttp.post("/RPC2", "<?xml version=\"1.0\"?><methodCall><methodName>"
                    + "supervisor.addProcessGroup</methodName><params><param><value><dateTime.iso8601>20200101T00:00:00"
                    + "</dateTime.iso8601></value></param></params></methodCall>", AUTH), 10_000);
            assertTrue(date.contains("<value><string>BAD_NAME: 2020-01-01 00:00:00</string></value>"), date);
        }
    }

    /**
     * supervisord reads a signal only once it has a process to signal: an unknown name stays BAD_NAME, a group
     * with nothing running answers an empty array, a stopped process still fails on the unreadable signal.
     */
    @Test
    void unreadableSignalIsReadAfterTheName() throws Exception {
        try (RealNode d = RealNode.start("[program:a]\ncommand=sleep 1000\nautostart=false\n")) {
            String list = "<value><array><data></data></array></value>";
            String calls = struct("<string>supervisor.signalProcess</string>", "<value><string>nope</string></value>"
                    + list)
                    + struct("<string>supervisor.signalProcessGroup</string>", "<value><string>a</string></value>"
                    + list)
                    + struct("<string>supervisor.signalProcess</string>", "<value><string>a</string></value>" + list);
            String body = "<?xml version=\"1.0\"?><methodCall><methodName>system.multicall</methodName><params>"
                    + "<param><value><array><data>" + calls + "</data></array></value></param></params></methodCall>";
            String r = RawHttp.exchange(new InetSocketAddress("127.0.0.1", d.port), RawHttp.post("/RPC2", body, AUTH),
                    10_000);
            String expected = fault(10, "BAD_NAME: nope") + "<value><array><data>\n</data></array></value>\n"
                    + fault(30, "FAILED: &lt;class 'AttributeError'&gt;:'list' object has no attribute 'strip'");
            assertTrue(r.endsWith("<value><array><data>\n" + expected + "</data></array></value>\n</param>\n"
                    + "</params>\n</methodResponse>\n"), r);
        }
    }

    /** supervisord writes stdin at once: a child that closed its stdin makes the very first send NO_FILE. */
    @Test
    void stdinClosedByTheChildIsNoFileAtOnce() throws Exception {
        try (RealNode d = RealNode.start("[program:noin]\ncommand=sh -c 'exec 0<&-; exec sleep 1000'\n"
                + "startsecs=0\n")) {
            Eventually.await(java.time.Duration.ofSeconds(10), "noin running",
                    () -> rpc(d, "supervisor.getProcessInfo", "noin").contains("<string>RUNNING</string>"));
            // the shell has closed fd 0 once it execs sleep
            Eventually.await(java.time.Duration.ofSeconds(10), "sleep exec'd", () -> {
                String info = rpc(d, "supervisor.getProcessInfo", "noin");
                Matcher m = Pattern.compile("<name>pid</name>\n<value><int>(\\d+)</int>").matcher(info);
                return m.find() && Files.readString(java.nio.file.Path.of("/proc/" + m.group(1) + "/comm"))
                        .strip().equals("sleep");
            });
            String first = rpc(d, "supervisor.sendProcessStdin", "noin", "hello\n");
            assertTrue(first.contains("<string>NO_FILE: noin</string>"), first);
        }
    }

    /**
     * supervisord's all-process calls sort groups by priority alone: a group added at run time comes after the
     * others of its priority even when its name sorts first.
     */
    @Test
    void groupAddedAtRunTimeComesLastInAllCalls() throws Exception {
        try (RealNode d = RealNode.start("[program:b]\ncommand=sleep 1000\nstartsecs=0\n")) {
            Files.writeString(d.conf, Files.readString(d.conf) + "\n[program:a]\ncommand=sleep 1000\nstartsecs=0\n");
            assertTrue(rpc(d, "supervisor.reloadConfig").contains("<string>a</string>"));
            assertTrue(rpc(d, "supervisor.addProcessGroup", "a").contains("<boolean>1</boolean>"));
            Eventually.await(java.time.Duration.ofSeconds(10), "both running", () -> {
                String all = rpc(d, "supervisor.getAllProcessInfo");
                return all.split("<string>RUNNING</string>", -1).length == 3;
            });
            String r = rpc(d, "supervisor.signalAllProcesses", "CONT");
            assertTrue(r.indexOf("<string>b</string>") < r.indexOf("<string>a</string>"), r);
        }
    }
}
