package io.drover.node.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool against real python listener processes speaking the protocol over real pipes. */
class EventListenerPoolTest {

    private static final ActorTestKit KIT = ActorTestKit.create();
    private PoolFixture fx;

    @BeforeEach
    void setUp() {
        fx = new PoolFixture(KIT);
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    private static List<long[]> serials(List<Recorded> rs) {
        return rs.stream().map(r -> new long[] {r.serial(), r.poolSerial()}).toList();
    }

    private static void assertSerials(long[][] expected, List<Recorded> actual) {
        assertEquals(expected.length, actual.size(), () -> "records: " + actual);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i][0], actual.get(i).serial(), "serial of #" + i + " " + actual);
            assertEquals(expected[i][1], actual.get(i).poolSerial(), "poolserial of #" + i + " " + actual);
        }
    }

    @Test
    void globalSerialIsSharedAndEachPoolCountsItsOwn() {
        ActorRef<EventListenerPool.Command> a = fx.pool("a", List.of("a"), Set.of(EventType.PROCESS_STATE), 10);
        ActorRef<EventListenerPool.Command> b = fx.pool("b", List.of("b"),
                Set.of(EventType.PROCESS_GROUP, EventType.TICK), 10);
        fx.recorder("a", "a", "ok"); // serials 0,1: a STARTING, RUNNING (pool a 0,1)
        fx.recorder("b", "b", "ok"); // serials 2,3: b STARTING, RUNNING (pool a 2,3)
        fx.publish(Event.groupAdded("x")); // 4 (pool b 0)
        fx.publish(Event.processState("STARTING", "x", "x", "STOPPED", 0, true, 0)); // 5 (pool a 4)
        fx.publish(Event.supervisorRunning()); // nobody subscribed: no serial
        fx.publish(Event.tick(EventType.TICK_5, 1700000000L)); // 6 (pool b 1)
        fx.publish(Event.groupRemoved("x")); // 7 (pool b 2)

        List<Recorded> ra = fx.awaitRecords("a", 5);
        List<Recorded> rb = fx.awaitRecords("b", 3);
        assertSerials(new long[][] {{0, 0}, {1, 1}, {2, 2}, {3, 3}, {5, 4}}, ra);
        assertSerials(new long[][] {{4, 0}, {6, 1}, {7, 2}}, rb);
        assertEquals("ver:3.0 server:drover serial:5 pool:a poolserial:4 eventname:PROCESS_STATE_STARTING len:52",
                ra.get(4).header());
        assertEquals("processname:x groupname:x from_state:STOPPED tries:0", ra.get(4).payload());
        assertEquals("processname:a groupname:a from_state:STARTING pid:" + ra.get(0).pid(), ra.get(1).payload());
        assertEquals("groupname:x\n", rb.get(0).payload());
        assertEquals("when:1700000000", rb.get(1).payload());
        assertEquals(List.of("PROCESS_GROUP_ADDED", "TICK_5", "PROCESS_GROUP_REMOVED"),
                rb.stream().map(Recorded::eventName).toList());
        // the recorder writes its record before its RESULT and READY: the pool sees READY a moment later
        Eventually.await(Duration.ofSeconds(10), () -> assertEquals(ListenerState.READY,
                fx.status(a).listeners().get("a")));
        Eventually.await(Duration.ofSeconds(10), () -> assertEquals(ListenerState.READY,
                fx.status(b).listeners().get("b")));
    }

    @Test
    void eventsRaisedBeforeAnyListenerIsReadyAreBufferedAndDelivered() {
        fx.pool("p", List.of("p"), Set.of(EventType.SUPERVISOR_STATE_CHANGE, EventType.PROCESS_GROUP), 10);
        fx.publish(Event.groupAdded("p"));
        fx.publish(Event.groupAdded("web"));
        fx.publish(Event.supervisorRunning());
        fx.recorder("p", "p", "ok");
        List<Recorded> r = fx.awaitRecords("p", 3);
        assertEquals(List.of("PROCESS_GROUP_ADDED", "PROCESS_GROUP_ADDED", "SUPERVISOR_STATE_CHANGE_RUNNING"),
                r.stream().map(Recorded::eventName).toList());
        assertSerials(new long[][] {{0, 0}, {1, 1}, {2, 2}}, r);
        assertEquals("", r.get(2).payload());
        assertTrue(r.get(2).header().endsWith(" len:0"));
    }

    @Test
    void failMakesTheIdenticalEventComeAgain() {
        ActorRef<EventListenerPool.Command> pool =
                fx.pool("p", List.of("p"), Set.of(EventType.REMOTE_COMMUNICATION), 10);
        fx.recorder("p", "p", "fail-once");
        fx.publish(Event.remoteCommunication("deploy", "v2\nwith a second line"));
        fx.publish(Event.remoteCommunication("deploy", "v3"));
        List<Recorded> r = fx.awaitRecords("p", 4);
        assertEquals(r.get(0).header(), r.get(1).header(), "FAIL must resend the same serials: " + r);
        assertEquals(r.get(0).payload(), r.get(1).payload());
        assertEquals("type:deploy\nv2\nwith a second line", r.get(0).payload());
        assertSerials(new long[][] {{0, 0}, {0, 0}, {1, 1}, {1, 1}}, r);
        fx.awaitState(pool, "p", ListenerState.READY);
        assertEquals(0, fx.status(pool).buffered());
        fx.awaitLogLines("DEBG p: ACKNOWLEDGED -> READY", "DEBG event 0 sent to listener p",
                "WARN p: event was rejected", "DEBG p: BUSY -> ACKNOWLEDGED",
                "DEBG rebuffering event 0 for pool p (buf size=1, max=10)", "DEBG p: ACKNOWLEDGED -> READY",
                "DEBG event 0 sent to listener p", "DEBG rebuffering event 1 for pool p (buf size=0, max=10)",
                "DEBG p: event was processed", "DEBG p: BUSY -> ACKNOWLEDGED");
    }

    @Test
    void overflowDropsTheOldestEvents() {
        ActorRef<EventListenerPool.Command> pool =
                fx.pool("p", List.of("p"), Set.of(EventType.REMOTE_COMMUNICATION), 3);
        for (int i = 0; i < 5; i++) {
            fx.publish(Event.remoteCommunication("n", Integer.toString(i)));
        }
        Eventually.await(Duration.ofSeconds(5), () -> fx.status(pool), s -> s.poolSerial() == 4, "5 accepted");
        assertEquals(3, fx.status(pool).buffered());
        fx.recorder("p", "p", "ok");
        List<Recorded> r = fx.awaitRecords("p", 3);
        assertSerials(new long[][] {{2, 2}, {3, 3}, {4, 4}}, r);
        assertEquals("type:n\n2", r.get(0).payload());
        fx.awaitLogLines("ERRO pool p event buffer overflowed, discarding event 0",
                "ERRO pool p event buffer overflowed, discarding event 1");
    }

    @Test
    void aListenerThatDiesHoldingAnEventHasItRedispatched() throws Exception {
        ActorRef<EventListenerPool.Command> pool =
                fx.pool("p", List.of("p"), Set.of(EventType.REMOTE_COMMUNICATION), 10);
        ListenerProcess first = fx.recorder("p", "p", "crash-once");
        fx.publish(Event.remoteCommunication("job", "42"));
        fx.awaitRecords("p", 1);
        first.awaitReaper();
        Eventually.await(Duration.ofSeconds(5), () -> fx.status(pool),
                s -> s.buffered() == 1 && !s.listeners().containsKey("p"), "event back in the buffer");
        fx.recorder("p", "p", "crash-once"); // the restart; the state file says it crashed once already
        List<Recorded> r = fx.awaitRecords("p", 2);
        assertEquals(r.get(0).header(), r.get(1).header());
        assertEquals(r.get(0).payload(), r.get(1).payload());
        assertTrue(r.get(0).pid() != r.get(1).pid());
        fx.awaitState(pool, "p", ListenerState.READY);
    }

    @Test
    void garbageFromAListenerMakesItUnknownAndHurtsNothingElse() {
        ActorRef<EventListenerPool.Command> bad = fx.pool("bad", List.of("bad"), Set.of(EventType.PROCESS_GROUP), 10);
        fx.pool("good", List.of("good"), Set.of(EventType.PROCESS_GROUP), 10);
        fx.recorder("bad", "bad", "garbage");
        fx.recorder("good", "good", "ok");
        fx.awaitState(bad, "bad", ListenerState.UNKNOWN);
        fx.awaitLogLines("DEBG bad: ACKNOWLEDGED -> UNKNOWN", "WARN bad: has entered the UNKNOWN state and will no"
                + " longer receive events, this usually indicates the process violated the eventlistener protocol");
        fx.publish(Event.groupAdded("x"));
        fx.awaitRecords("good", 1);
        Eventually.await(Duration.ofSeconds(5), () -> fx.status(bad), s -> s.buffered() == 1, "kept for later");
    }

    @Test
    void aBadResultLineRejectsTheEventToAnotherListener() {
        ActorRef<EventListenerPool.Command> pool =
                fx.pool("p", List.of("p0", "p1"), Set.of(EventType.REMOTE_COMMUNICATION), 10);
        fx.recorder("p", "p0", "bad-result");
        fx.awaitState(pool, "p0", ListenerState.READY);
        fx.recorder("p", "p1", "ok");
        fx.awaitState(pool, "p1", ListenerState.READY);
        fx.publish(Event.remoteCommunication("t", "once"));
        Recorded atFirst = fx.awaitRecords("p0", 1).get(0);
        Recorded atSecond = fx.awaitRecords("p1", 1).get(0);
        assertEquals(atFirst.header(), atSecond.header());
        fx.awaitState(pool, "p0", ListenerState.UNKNOWN);
        fx.awaitLogLines("WARN p0: bad result line: 'RESULT xx'", "DEBG p0: BUSY -> UNKNOWN",
                "WARN p0: has entered the UNKNOWN state and will no longer receive events, this usually indicates"
                        + " the process violated the eventlistener protocol", "DEBG rebuffering event 0 for pool p (buf size=0, max=10)");
    }
}
