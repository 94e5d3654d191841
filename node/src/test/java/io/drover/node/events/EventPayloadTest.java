package io.drover.node.events;

import io.drover.node.logs.PythonRepr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventPayloadTest {

    @Test
    void processStatePayloadsCarryWhatSupervisordRenders() {
        assertEquals("processname:a groupname:g from_state:STOPPED tries:0",
                Event.processState("STARTING", "a", "g", "STOPPED", 0, true, 0).payload());
        assertEquals("processname:a groupname:g from_state:STARTING pid:42",
                Event.processState("RUNNING", "a", "g", "STARTING", 0, true, 42).payload());
        assertEquals("processname:a groupname:g from_state:RUNNING expected:0 pid:42",
                Event.processState("EXITED", "a", "g", "RUNNING", 0, false, 42).payload());
        assertEquals("processname:a groupname:g from_state:RUNNING expected:1 pid:42",
                Event.processState("EXITED", "a", "g", "RUNNING", 0, true, 42).payload());
        assertEquals("processname:a groupname:g from_state:STARTING tries:2",
                Event.processState("BACKOFF", "a", "g", "STARTING", 2, true, 0).payload());
        assertEquals("processname:a groupname:g from_state:BACKOFF",
                Event.processState("FATAL", "a", "g", "BACKOFF", 3, true, 0).payload());
        assertEquals("processname:a groupname:g from_state:RUNNING pid:7",
                Event.processState("STOPPING", "a", "g", "RUNNING", 0, true, 7).payload());
        assertEquals("processname:a groupname:g from_state:STOPPING pid:7",
                Event.processState("STOPPED", "a", "g", "STOPPING", 0, true, 7).payload());
        assertEquals("processname:a groupname:g from_state:RUNNING",
                Event.processState("UNKNOWN", "a", "g", "RUNNING", 0, true, 7).payload());
        assertEquals(EventType.PROCESS_STATE_FATAL,
                Event.processState("FATAL", "a", "g", "BACKOFF", 0, true, 0).type());
        assertThrows(IllegalArgumentException.class, () -> Event.processState("SLEEPING", "a", "g", "X", 0, true, 0));
    }

    @Test
    void otherPayloads() {
        assertEquals("processname:a groupname:g pid:9 channel:stdout\nhello\n",
                Event.processLog(false, "a", "g", 9, "hello\n".getBytes(StandardCharsets.UTF_8)).payload());
        assertEquals("processname:a groupname:g pid:9 channel:stderr\nx",
                Event.processLog(true, "a", "g", 9, new byte[] {'x'}).payload());
        assertEquals("processname:a groupname:g pid:9\n<b>hi</b>",
                Event.processCommunication(false, "a", "g", 9, "<b>hi</b>".getBytes(StandardCharsets.UTF_8)).payload());
        assertEquals(EventType.PROCESS_COMMUNICATION_STDERR,
                Event.processCommunication(true, "a", "g", 9, new byte[0]).type());
        assertEquals("type:deploy\nv2", Event.remoteCommunication("deploy", "v2").payload());
        assertEquals("", Event.supervisorRunning().payload());
        assertEquals("", Event.supervisorStopping().payload());
        assertEquals("when:1700000005", Event.tick(EventType.TICK_5, 1700000005L).payload());
        assertEquals("groupname:web\n", Event.groupAdded("web").payload());
        assertEquals("groupname:web\n", Event.groupRemoved("web").payload());
    }

    @Test
    void undecodableOutputIsRenderedAsPythonRepr() {
        byte[] bad = {'a', (byte) 0xff, '\n', '\'', '\\'};
        assertEquals("processname:a groupname:g pid:1 channel:stdout\nUndecodable: b\"a\\xff\\n'\\\\\"",
                Event.processLog(false, "a", "g", 1, bad).payload());
        assertEquals("b'\\x00\\t\"'", PythonRepr.bytes(new byte[] {0, '\t', '"'}));
    }

    @Test
    void envelopeCountsCharactersAsSupervisordDoes() {
        Event e = Event.processLog(false, "p", "p", 8105, "h\u00e9llo\n".getBytes(StandardCharsets.UTF_8));
        String text = Envelope.text("supervisor", 2, "l", 2, e);
        // measured on supervisord 4.2.5: len:56 for this payload although it is 57 bytes of UTF-8
        assertEquals("ver:3.0 server:supervisor serial:2 pool:l poolserial:2 eventname:PROCESS_LOG_STDOUT len:56\n"
                + "processname:p groupname:p pid:8105 channel:stdout\nh\u00e9llo\n", text);
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length,
                Envelope.render("supervisor", 2, "l", 2, e).length);
        assertTrue(Envelope.text("srv", 0, "x", 0, Event.supervisorRunning())
                .endsWith("eventname:SUPERVISOR_STATE_CHANGE_RUNNING len:0\n"));
    }

    @Test
    void hierarchyFollowsSupervisordClasses() {
        assertTrue(EventType.PROCESS_STATE_EXITED.isA(EventType.PROCESS_STATE));
        assertTrue(EventType.PROCESS_STATE_EXITED.isA(EventType.EVENT));
        assertTrue(EventType.TICK_60.isA(EventType.TICK));
        assertTrue(EventType.PROCESS_GROUP_ADDED.isA(EventType.PROCESS_GROUP));
        assertFalse(EventType.PROCESS_LOG_STDOUT.isA(EventType.PROCESS_COMMUNICATION));
        assertFalse(EventType.EVENT_REJECTED.isA(EventType.EVENT));
        assertTrue(EventType.byName("PROCESS_STATE").isPresent());
        assertTrue(EventType.byName("EVENT_REJECTED").isEmpty());
        assertTrue(EventType.byName("process_state").isEmpty());
        assertThrows(IllegalArgumentException.class,
                () -> new Event(EventType.PROCESS_STATE, java.util.List.of(), java.util.Optional.empty()));
    }
}
