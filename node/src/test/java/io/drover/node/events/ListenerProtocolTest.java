package io.drover.node.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerProtocolTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<ListenerProtocol.Outcome> feedByteByByte(ListenerProtocol p, String s) {
        List<ListenerProtocol.Outcome> out = new ArrayList<>();
        for (byte x : b(s)) {
            out.addAll(p.feed(new byte[] {x}));
        }
        return out;
    }

    @Test
    void tokensSplitAcrossEveryByteBoundaryAreParsed() {
        ListenerProtocol p = new ListenerProtocol();
        List<ListenerProtocol.Outcome> out = feedByteByByte(p, "READY\n");
        assertEquals(1, out.size());
        assertInstanceOf(ListenerProtocol.Ready.class, out.get(0));
        assertEquals(ListenerState.READY, p.state());
        p.busy();
        out = feedByteByByte(p, "RESULT 4\nFAIL");
        assertEquals(1, out.size());
        ListenerProtocol.Result r = (ListenerProtocol.Result) out.get(0);
        assertEquals("FAIL", r.text());
        assertEquals(ListenerState.ACKNOWLEDGED, p.state());
    }

    @Test
    void severalTokensInOneChunk() {
        ListenerProtocol p = new ListenerProtocol();
        p.feed(b("READY\n"));
        p.busy();
        List<ListenerProtocol.Outcome> out = p.feed(b("RESULT 2\nOKREADY\n"));
        assertEquals(2, out.size());
        assertTrue(((ListenerProtocol.Result) out.get(0)).ok());
        assertInstanceOf(ListenerProtocol.Ready.class, out.get(1));
        assertEquals(ListenerState.READY, p.state());
    }

    @Test
    void resultBodyMayContainNewlinesAndIsCountedInBytes() {
        ListenerProtocol p = new ListenerProtocol();
        p.feed(b("READY\n"));
        p.busy();
        List<ListenerProtocol.Outcome> out = p.feed(b("RESULT 5\n\u00e9\n\nx"));
        assertEquals("\u00e9\n\n", ((ListenerProtocol.Result) out.get(0)).text().substring(0, 3));
        assertEquals(ListenerState.ACKNOWLEDGED, p.state());
    }

    @Test
    void garbageInsteadOfReadyIsUnknownForGood() {
        ListenerProtocol p = new ListenerProtocol();
        assertEquals(List.of(), p.feed(b("HELL")));
        List<ListenerProtocol.Outcome> out = p.feed(b("O\n"));
        assertInstanceOf(ListenerProtocol.Violation.class, out.get(0));
        assertEquals(ListenerState.UNKNOWN, p.state());
        assertEquals(List.of(), p.feed(b("READY\n")));
        assertEquals(ListenerState.UNKNOWN, p.state());
    }

    @Test
    void outputWhileReadyIsAViolation() {
        ListenerProtocol p = new ListenerProtocol();
        List<ListenerProtocol.Outcome> out = p.feed(b("READY\nREADY\n"));
        assertInstanceOf(ListenerProtocol.Ready.class, out.get(0));
        assertInstanceOf(ListenerProtocol.Violation.class, out.get(1));
        assertEquals(ListenerState.UNKNOWN, p.state());
    }

    @Test
    void resultLineWithoutLengthIsBad() {
        ListenerProtocol p = new ListenerProtocol();
        p.feed(b("READY\n"));
        p.busy();
        List<ListenerProtocol.Outcome> out = p.feed(b("RESULT two\nOK"));
        assertEquals("RESULT two", ((ListenerProtocol.BadResultLine) out.get(0)).line());
        assertEquals(ListenerState.UNKNOWN, p.state());
    }

    @Test
    void anAbsurdResultLengthIsRefusedNotAllocated() {
        ListenerProtocol p = new ListenerProtocol();
        p.feed(b("READY\n"));
        p.busy();
        List<ListenerProtocol.Outcome> out = p.feed(b("RESULT 2000000000\nOK"));
        assertInstanceOf(ListenerProtocol.BadResultLine.class, out.get(0));
        assertEquals(ListenerState.UNKNOWN, p.state());
    }

    @Test
    void aLongResultBodyArrivingInPiecesIsAssembled() {
        ListenerProtocol p = new ListenerProtocol();
        p.feed(b("READY\n"));
        p.busy();
        String body = "x".repeat(5000);
        assertEquals(List.of(), p.feed(b("RESULT 5000\n" + body.substring(0, 1234))));
        List<ListenerProtocol.Outcome> out = p.feed(b(body.substring(1234) + "READY\n"));
        assertEquals(body, ((ListenerProtocol.Result) out.get(0)).text());
        assertInstanceOf(ListenerProtocol.Ready.class, out.get(1));
    }

    @Test
    void endlessGarbageWhileBusyIsCappedNotBuffered() {
        ListenerProtocol p = new ListenerProtocol();
        p.feed(b("READY\n"));
        p.busy();
        byte[] junk = new byte[70_000];
        java.util.Arrays.fill(junk, (byte) 'x');
        List<ListenerProtocol.Outcome> out = p.feed(junk);
        assertInstanceOf(ListenerProtocol.BadResultLine.class, out.get(0));
        assertEquals(ListenerState.UNKNOWN, p.state());
    }
}
