package io.drover.http.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XmlRpcCodecTest {

    private static MethodCall parse(String xml) throws MalformedRequestException {
        return XmlRpcRequestParser.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private static String call(String method, String... values) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><methodCall><methodName>")
                .append(method).append("</methodName><params>");
        for (String v : values) {
            sb.append("<param><value>").append(v).append("</value></param>");
        }
        return sb.append("</params></methodCall>").toString();
    }

    @Test
    void decodesEveryScalarType() throws Exception {
        MethodCall c = parse(call("x.y",
                "<int>5</int>", "<i4> -7 </i4>", "<boolean>1</boolean>", "<boolean>0</boolean>",
                "<string>a &amp; b &lt;c&gt;</string>", "bare text", "<string/>", "",
                "<double>1.5</double>", "<dateTime.iso8601>20240102T03:04:05</dateTime.iso8601>",
                "<base64>aGVsbG8=</base64>", "<nil/>", "<int>99999999999</int>", "<string>&#65;&#x42;</string>"));
        assertEquals(Optional.of("x.y"), c.methodName());
        List<Object> p = c.params();
        assertEquals(5, p.get(0));
        assertEquals(-7, p.get(1));
        assertEquals(true, p.get(2));
        assertEquals(false, p.get(3));
        assertEquals("a & b <c>", p.get(4));
        assertEquals("bare text", p.get(5));
        assertEquals("", p.get(6));
        assertEquals("", p.get(7));
        assertEquals(1.5, p.get(8));
        assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5), p.get(9));
        assertEquals("hello", p.get(10));
        assertNull(p.get(11));
        assertEquals(new BigInteger("99999999999"), p.get(12));
        assertEquals("AB", p.get(13));
    }

    @Test
    void decodesNestedArraysAndStructsInOrder() throws Exception {
        MethodCall c = parse(call("system.multicall",
                "<array><data><value><struct><member><name>methodName</name><value>supervisor.getPID</value></member>"
                        + "<member><name>params</name><value><array><data><value><int>1</int></value><value>s</value>"
                        + "</data></array></value></member></struct></value></data></array>"));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("methodName", "supervisor.getPID");
        expected.put("params", List.of(1, "s"));
        assertEquals(List.of(List.of(expected)), c.params());
        @SuppressWarnings("unchecked")
        Map<String, Object> s = (Map<String, Object>) ((List<?>) c.params().get(0)).get(0);
        assertEquals(List.of("methodName", "params"), List.copyOf(s.keySet()));
    }

    @Test
    void missingParamsAndMissingMethodNameAreReported() throws Exception {
        assertEquals(List.of(), parse("<methodCall><methodName>a.b</methodName></methodCall>").params());
        assertEquals(Optional.empty(), parse("<methodCall><params/></methodCall>").methodName());
        assertEquals(Optional.empty(), parse("<methodCall><methodName></methodName></methodCall>").methodName());
    }

    @Test
    void rejectsMalformedXmlAndBadValues() {
        for (String bad : List.of("garbage", "", "<methodCall><methodName>a</methodCall>",
                call("a.b", "<int>x</int>"), call("a.b", "<int></int>"), call("a.b", "<double>1.0x</double>"),
                call("a.b", "<dateTime.iso8601>2024</dateTime.iso8601>"), call("a.b", "<base64>%%%=</base64>"),
                call("a.b", "<struct><member><name>a</name></member></struct>"), call("a.b", "<array/>"),
                "<methodCall><params><param></param></params></methodCall>")) {
            assertThrows(MalformedRequestException.class, () -> parse(bad), bad);
        }
    }

    @Test
    void refusesExternalEntitiesWithoutReadingThem(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "TOPSECRET");
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY x SYSTEM \"file://" + secret + "\">]>"
                + "<methodCall><methodName>&x;</methodName></methodCall>";
        MalformedRequestException e = assertThrows(MalformedRequestException.class, () -> parse(xxe));
        assertFalse(String.valueOf(e.getMessage()).contains("TOPSECRET"));
        String externalDtd = "<?xml version=\"1.0\"?><!DOCTYPE m SYSTEM \"file://" + secret + "\">"
                + "<methodCall><methodName>a.b</methodName></methodCall>";
        assertThrows(MalformedRequestException.class, () -> parse(externalDtd));
    }

    @Test
    void refusesBillionLaughs() {
        StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            dtd.append("<!ENTITY lol").append(i).append(" \"");
            for (int j = 0; j < 10; j++) {
                dtd.append("&lol").append(i == 1 ? "" : String.valueOf(i - 1)).append(';');
            }
            dtd.append("\">");
        }
        String bomb = dtd + "]><methodCall><methodName>&lol9;</methodName></methodCall>";
        long start = System.nanoTime();
        assertThrows(MalformedRequestException.class, () -> parse(bomb));
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "rejected quickly, not expanded");
    }

    @Test
    void refusesDeepNesting() {
        String deep = "<methodCall><params><param><value>" + "<array><data><value>".repeat(400)
                + "</value></data></array>".repeat(400) + "</value></param></params></methodCall>";
        assertThrows(MalformedRequestException.class, () -> parse(deep));
    }

    // Expected bytes below were captured from supervisord 4.2.5 with curl.
    @Test
    void writesFaultsExactlyAsSupervisord() {
        String expected = "<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n"
                + "<name>faultCode</name>\n<value><int>1</int></value>\n</member>\n<member>\n"
                + "<name>faultString</name>\n<value><string>UNKNOWN_METHOD</string></value>\n</member>\n"
                + "</struct></value>\n</fault>\n</methodResponse>\n";
        assertEquals(expected, new String(XmlRpcResponseWriter.fault(1, "UNKNOWN_METHOD"), StandardCharsets.UTF_8));
        assertEquals(269, XmlRpcResponseWriter.fault(Fault.UNKNOWN_METHOD.error()).length);
    }

    @Test
    void writesValuesExactlyAsSupervisord() {
        String expected = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n"
                + "<value><string></string></value>\n<value><int>0</int></value>\n"
                + "<value><boolean>0</boolean></value>\n</data></array></value>\n</param>\n</params>\n"
                + "</methodResponse>\n";
        assertEquals(expected, new String(XmlRpcResponseWriter.success(List.of("", 0, false)),
                StandardCharsets.UTF_8));
        String s = new String(XmlRpcResponseWriter.success(Map.of("k<", "a&b>\"'")), StandardCharsets.UTF_8);
        assertTrue(s.contains("<name>k&lt;</name>\n<value><string>a&amp;b&gt;\"'</string></value>\n"), s);
        assertTrue(new String(XmlRpcResponseWriter.success(1.5e20), StandardCharsets.UTF_8)
                .contains("<value><double>1.5e+20</double></value>\n"));
        assertTrue(new String(XmlRpcResponseWriter.success(new byte[] {1, 2}), StandardCharsets.UTF_8)
                .contains("<value><base64>\nAQI=\n</base64></value>\n"));
        assertTrue(new String(XmlRpcResponseWriter.success(LocalDateTime.of(2024, 1, 2, 3, 4, 5)),
                StandardCharsets.UTF_8).contains("<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601>"));
    }

    @Test
    void writesTextAsUtf8LikeStringGetBytes() {
        // 2-, 3- and 4-byte characters, escapes next to them, and unpaired surrogates (which getBytes turns into ?)
        String text = "é€𝄞<&>x" + '\uD800' + "y" + '\uDC00' + "𝄞" + '\uD834';
        byte[] expected = ("<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>"
                + text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                + "</string></value>\n</param>\n</params>\n</methodResponse>\n").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expected, XmlRpcResponseWriter.success(text));
        ResponseBuffer body = XmlRpcResponseWriter.successBody(List.of(Map.of("name", "ü".repeat(5000))));
        assertEquals(new String(XmlRpcResponseWriter.success(List.of(Map.of("name", "ü".repeat(5000)))),
                StandardCharsets.UTF_8), new String(body.array(), 0, body.length(), StandardCharsets.UTF_8));
    }

    @Test
    void aFixedStructIsWrittenAndComparedLikeTheMapItStandsFor() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a<b");
        m.put("pid", 42);
        m.put("up", true);
        FixedStruct f = new FixedStruct(new String[] {"name", "pid", "up"}, "a<b", 42, true);
        assertArrayEquals(XmlRpcResponseWriter.success(List.of(m, m)), XmlRpcResponseWriter.success(List.of(f, f)));
        assertEquals(m, f);
        assertEquals(42, f.get("pid"));
    }

    @Test
    void refusesWhatXmlrpclibCannotMarshal() {
        assertThrows(RpcInternalError.class, () -> XmlRpcResponseWriter.success(null));
        assertThrows(RpcInternalError.class, () -> XmlRpcResponseWriter.success(1L << 40));
    }

    @Test
    void roundTripsThroughTheParser() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", List.of(1, "x & y", true));
        m.put("b", -2.25);
        String body = new String(XmlRpcResponseWriter.success(m), StandardCharsets.UTF_8)
                .replace("methodResponse", "methodCall");
        assertEquals(List.of(m), parse(body).params());
        assertArrayEquals(new Object[] {m}, parse(body).params().toArray());
    }

    @Test
    void pythonReprOfFloats() {
        assertEquals("1.0", PyValues.reprDouble(1.0));
        assertEquals("0.0001", PyValues.reprDouble(0.0001));
        assertEquals("1e-05", PyValues.reprDouble(0.00001));
        assertEquals("1e+16", PyValues.reprDouble(1e16));
        assertEquals("1234567890123456.0", PyValues.reprDouble(1234567890123456.0));
        assertEquals("0.1", PyValues.reprDouble(0.1));
    }
}
