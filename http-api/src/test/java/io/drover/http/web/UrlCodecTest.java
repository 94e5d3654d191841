package io.drover.http.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Python's quote / parse_qsl as supervisord's UI applies them (values checked against Python 3.11). */
class UrlCodecTest {

    @Test
    void quoteKeepsSlashAndUnreservedOnly() {
        assertEquals("Process%20g%3Ac%20started", UrlCodec.quote("Process g:c started"));
        assertEquals("a/b_c.d-e~f", UrlCodec.quote("a/b_c.d-e~f"));
        assertEquals("%3Cscript%3E%26%22%27%2A%2B", UrlCodec.quote("<script>&\"'*+"));
        assertEquals("%C3%A9", UrlCodec.quote("é"));
    }

    @Test
    void parsePairsAsParseQsl() {
        assertEquals(List.of(Map.entry("a", "1 2"), Map.entry("b", "x:y"), Map.entry("a", "3")),
                UrlCodec.parsePairs("a=1+2&b=x%3Ay&&c=&d&a=3"));
        assertEquals(List.of(Map.entry("m", "100%"), Map.entry("n", "%zz")), UrlCodec.parsePairs("m=100%&n=%zz"));
        assertEquals(List.of(Map.entry("k", "a=b")), UrlCodec.parsePairs("k=a=b"));
        assertEquals(List.of(Map.entry("u", "\uFFFD")), UrlCodec.parsePairs("u=%ff"));
    }

    @Test
    void formMergesQueryFirstWinsThenBodyOverrides() {
        WebForm f = WebForm.of("action=stop&action=start&processname=a", "processname=b&processname=c");
        assertEquals("stop", f.get("action").orElseThrow());
        assertEquals("c", f.get("processname").orElseThrow());
    }

    @Test
    void htmlEscapesMarkupAndQuotes() {
        assertEquals("&lt;script&gt;alert(&quot;x&quot;&amp;&#39;y&#39;)&lt;/script&gt;",
                Html.escape("<script>alert(\"x\"&'y')</script>"));
        assertEquals("plain", Html.escape("plain"));
        assertEquals("a\uFFFDb", Html.escape("a\0b"));
    }
}
