package io.drover.http.xmlrpc.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.http.xmlrpc.RpcFault;
import io.drover.http.xmlrpc.XmlRpcResponseWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** droverctl's request writer and response parser: xmlrpclib's bytes out, hostile or broken answers refused. */
class XmlRpcClientCodecTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void requestsAreWrittenAsXmlrpclibWritesThem() {
        Map<String, Object> struct = new LinkedHashMap<>();
        struct.put("k", "v");
        // the bytes Python's xmlrpc.client.dumps(('a&<b>', 5, True, [1, 'x'], {'k': 'v'}), 'supervisor.startProcess')
        String python = "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.startProcess</methodName>\n"
                + "<params>\n<param>\n<value><string>a&amp;&lt;b&gt;</string></value>\n</param>\n<param>\n"
                + "<value><int>5</int></value>\n</param>\n<param>\n<value><boolean>1</boolean></value>\n</param>\n"
                + "<param>\n<value><array><data>\n<value><int>1</int></value>\n<value><string>x</string></value>\n"
                + "</data></array></value>\n</param>\n<param>\n<value><struct>\n<member>\n<name>k</name>\n"
                + "<value><string>v</string></value>\n</member>\n</struct></value>\n</param>\n</params>\n"
                + "</methodCall>\n";
        assertEquals(python, new String(XmlRpcRequestWriter.write("supervisor.startProcess",
                List.of("a&<b>", 5, true, List.of(1, "x"), struct)), StandardCharsets.UTF_8));
        assertEquals("<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getPID</methodName>\n<params>\n"
                + "</params>\n</methodCall>\n", new String(XmlRpcRequestWriter.write("supervisor.getPID", List.of()),
                StandardCharsets.UTF_8));
    }

    @Test
    void aResponseWrittenByTheServerReadsBackAsTheSameValue() throws Exception {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "a<b");
        info.put("pid", 42);
        info.put("running", true);
        info.put("tags", List.of("x", 1.5));
        assertEquals(List.of(info), XmlRpcResponseParser.parse(XmlRpcResponseWriter.success(List.of(info))));
        assertEquals("", XmlRpcResponseParser.parse(XmlRpcResponseWriter.success("")));
    }

    @Test
    void aFaultBecomesAnRpcFaultWithCodeAndString() {
        RpcFault f = assertThrows(RpcFault.class,
                () -> XmlRpcResponseParser.parse(XmlRpcResponseWriter.fault(10, "BAD_NAME: nope")));
        assertEquals(10, f.code());
        assertEquals("BAD_NAME: nope", f.text());
    }

    @Test
    void hostileOrBrokenResponsesAreRefused() {
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<methodResponse><params><param><value><string>&x;</string></value></param></params>"
                + "</methodResponse>";
        String laughs = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                + "<methodResponse><params><param><value>&b;</value></param></params></methodResponse>";
        for (String hostile : List.of(xxe, laughs)) {
            MalformedResponseException e = assertThrows(MalformedResponseException.class,
                    () -> XmlRpcResponseParser.parse(utf8(hostile)));
            assertTrue(e.getMessage().contains("DTD"), e.getMessage());
        }
        String deep = "<methodResponse><params><param>" + "<value><array><data>".repeat(300)
                + "</data></array></value>".repeat(300) + "</param></params></methodResponse>";
        assertThrows(MalformedResponseException.class, () -> XmlRpcResponseParser.parse(utf8(deep)));
        assertThrows(MalformedResponseException.class, () -> XmlRpcResponseParser.parse(utf8("<methodResponse>")));
        assertThrows(MalformedResponseException.class, () -> XmlRpcResponseParser.parse(
                utf8("<methodCall><methodName>x</methodName><params/></methodCall>")));
        assertThrows(MalformedResponseException.class, () -> XmlRpcResponseParser.parse(
                utf8("<methodResponse><params></params></methodResponse>")));
        assertThrows(MalformedResponseException.class, () -> XmlRpcResponseParser.parse(utf8(
                "<methodResponse><fault><value><struct><member><name>faultCode</name><value><string>x</string>"
                        + "</value></member><member><name>faultString</name><value>s</value></member></struct>"
                        + "</value></fault></methodResponse>")));
    }

    @Test
    void serverUrlsAsSupervisorctlReadsThem() {
        ServerUrl http = ServerUrl.parse("http://LocalHost:9001");
        assertEquals("localhost", http.host());
        assertEquals(9001, http.port());
        assertEquals("localhost:9001", http.hostHeader());
        assertEquals(80, ServerUrl.parse("http://h").port());
        ServerUrl unix = ServerUrl.parse("unix:///tmp/s.sock");
        assertTrue(unix.isUnix());
        assertEquals("/tmp/s.sock", unix.socketPath());
        assertEquals("localhost", unix.hostHeader());
        ServerUrl.UnknownProtocol e = assertThrows(ServerUrl.UnknownProtocol.class, () -> ServerUrl.parse("ftp://x"));
        assertEquals("Unknown protocol for serverurl ftp://x", e.getMessage());
        assertTrue(ServerUrl.looksLikeUrl("http://a"));
        assertTrue(ServerUrl.looksLikeUrl("unix:///x"));
        assertTrue(!ServerUrl.looksLikeUrl("foo"));
        assertTrue(!ServerUrl.looksLikeUrl("http://"));
        assertArrayEquals(new byte[0], new byte[0]);
    }
}
