package io.drover.node.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TickerTest {

    private static final ActorTestKit KIT = ActorTestKit.create();

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    @Test
    void tick5ArrivesOnWallClockMultiplesOfFive() {
        ActorRef<EventBus.Command> bus = KIT.spawn(EventBus.create());
        TestProbe<EventBus.Notification> probe = KIT.createTestProbe();
        bus.tell(new EventBus.Subscribe<>("probe", Set.of(EventType.TICK), probe.getRef(), Function.identity()));
        KIT.spawn(Ticker.create(bus));
        int tick5 = 0;
        while (tick5 < 2) {
            EventBus.Notification n = probe.receiveMessage(Duration.ofSeconds(7));
            long arrived = System.currentTimeMillis();
            EventType type = n.event().type();
            long when = Long.parseLong(n.event().field("when").orElseThrow());
            assertEquals(0, when % type.tickPeriodSeconds(), type + " when must be a multiple of its period: " + when);
            long lateness = arrived - when * 1000;
            assertTrue(lateness >= 0 && lateness < 500, type + " " + lateness + " ms after its boundary");
            assertEquals("when:" + when, n.event().payload());
            if (type == EventType.TICK_5) {
                tick5++;
            }
        }
    }

    @Test
    void timesliceRoundsDown() {
        assertEquals(1700000000L, Ticker.floorSeconds(1700000004999L, EventType.TICK_5));
        assertEquals(1699999980L, Ticker.floorSeconds(1700000004999L, EventType.TICK_60));
        assertEquals(1699999200L, Ticker.floorSeconds(1700000004999L, EventType.TICK_3600));
    }
}
