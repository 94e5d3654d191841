package io.drover.node.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drover.node.os.Child;
import io.drover.node.os.ChildListener;
import io.drover.node.os.ExitStatus;
import io.drover.node.os.OsLayer;
import io.drover.node.os.SpawnRequest;
import io.drover.node.testing.Eventually;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The performance goals, measured (printed and written to target/events-perf.txt), with listeners and children
 * run by the real OS layer (epoll reactor, pidfd exits). Asserts only that nothing is lost, with buffer_size=100:
 * at 1000 events/s the default buffer_size=10 is 10 ms of slack, which a busy 2-core machine's scheduling stalls
 * exceed (as they would for supervisord); the publisher also holds back while the buffer is full, so a loaded
 * machine slows the run instead of overflowing it (the report counts how often). {@code -Dperf.buffer=N
 * -Dperf.warmup=N} (via argLine) vary the run.
 */
class EventThroughputTest {

    private static final ActorTestKit KIT = ActorTestKit.create();
    private static final int EVENTS = 1000;
    /** Events published between two looks at the pool's backlog. */
    private static final int PACE_CHECK = 10;
    private PoolFixture fx;
    private OsLayer os;
    private final List<Child> children = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fx = new PoolFixture(KIT);
        os = OsLayer.start();
    }

    @AfterEach
    void tearDown() {
        for (Child c : children) {
            c.signal(9);
        }
        os.close();
        fx.close();
    }

    @AfterAll
    static void shutdown() {
        KIT.shutdownTestKit();
    }

    /** A listener process spawned by the OS layer, its stdout routed to the pool as a ProcessActor does. */
    private Child osListener(String group, String name) throws Exception {
        SpawnRequest req = new SpawnRequest("python3 " + PoolFixture.resource("recorder.py") + " "
                + fx.records(name) + " ok", System.getenv(), Optional.empty(), Optional.empty(), Optional.empty(),
                false, Optional.empty());
        Child[] self = new Child[1];
        Child c = os.launcher().spawn(req, new ChildListener() {
            @Override
            public void onOutput(Stream stream, byte[] data) {
                fx.bus.tell(new EventBus.ListenerStdout(group, name, data));
            }

            @Override
            public void onEof(Stream stream) {
            }

            @Override
            public void onExit(ExitStatus status) {
                fx.publish(Event.processState("EXITED", name, group, "RUNNING", 0, false, self[0].pid()));
            }
        });
        self[0] = c;
        children.add(c);
        fx.bus.tell(new EventBus.ListenerSpawned(group, name, c));
        fx.publish(Event.processState("RUNNING", name, group, "STARTING", 0, true, c.pid()));
        return c;
    }

    @Test
    void thousandStateChangesPerSecondReachTwoListenersAndExitLatencyIsMeasured() throws Exception {
        ActorRef<EventListenerPool.Command> pool =
                fx.pool("perf", List.of("l0", "l1"), Set.of(EventType.PROCESS_STATE),
                Integer.getInteger("perf.buffer", 100));
        EventListenerPool.Status measured;
        osListener("perf", "l0");
        osListener("perf", "l1");
        fx.awaitState(pool, "l0", ListenerState.READY);
        fx.awaitState(pool, "l1", ListenerState.READY);

        int bufferSize = Integer.getInteger("perf.buffer", 100);
        int warmup = Integer.getInteger("perf.warmup", 0);
        // 0. optional warm-up (JIT) at the same rate, not counted
        long start = System.nanoTime();
        for (int i = 0; i < warmup; i++) {
            long due = start + i * 1_000_000L;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            fx.publish(Event.processState("RUNNING", "w" + i, "load", "STARTING", 0, true, 1));
        }
        Eventually.await(Duration.ofSeconds(20), () -> fx.status(pool), s -> s.buffered() == 0
                && s.listeners().values().stream().allMatch(x -> x == ListenerState.READY), "warm-up drained");
        EventListenerPool.Status afterWarmup = fx.status(pool);

        // 1. 1000 events paced at one per millisecond, but never more outstanding (sent to the bus and not yet
        // dispatched) than the buffer holds: a loaded machine stalls the listeners for longer than the buffer's
        // slack, and overflowing it on purpose would only test the clock. What is lost then is the pool's doing.
        long base = fx.status(pool).poolSerial();
        int pacedWaits = 0;
        start = System.nanoTime();
        for (int i = 0; i < EVENTS; i++) {
            long due = start + i * 1_000_000L;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            if (i % PACE_CHECK == 0) {
                for (EventListenerPool.Status s = fx.status(pool);
                        i - (s.poolSerial() - base) + s.buffered() > bufferSize - PACE_CHECK; s = fx.status(pool)) {
                    pacedWaits++;
                    LockSupport.parkNanos(1_000_000L);
                }
            }
            fx.publish(Event.processState("RUNNING", "p" + i, "load", "STARTING", 0, true, 100_000 + i));
        }
        double publishSeconds = (System.nanoTime() - start) / 1e9;
        Eventually.await(Duration.ofSeconds(20), () -> fx.status(pool), s -> s.buffered() == 0
                && s.listeners().values().stream().allMatch(x -> x == ListenerState.READY), "all events handled");
        Set<String> seen = new HashSet<>();
        for (String l : List.of("l0", "l1")) {
            for (Recorded r : Recorded.read(fx.records(l))) {
                if (r.payload().startsWith("processname:p")) {
                    seen.add(r.payload().split(" ")[0]);
                }
            }
        }
        measured = fx.status(pool);
        int at0 = Recorded.read(fx.records("l0")).size();
        int at1 = Recorded.read(fx.records("l1")).size();

        // 2. child exit -> listener reads the event: 200 short children exiting one after another
        Map<Integer, Instant> exitNoticed = new ConcurrentHashMap<>();
        int n = 200;
        for (int i = 0; i < n; i++) {
            int idx = i;
            Child c = os.launcher().spawn(new SpawnRequest("sleep 0.001", System.getenv(), Optional.empty(),
                    Optional.empty(), Optional.empty(), false, Optional.empty()), new ChildListener() {
                        @Override
                        public void onOutput(Stream stream, byte[] data) {
                        }

                        @Override
                        public void onEof(Stream stream) {
                        }

                        @Override
                        public void onExit(ExitStatus status) {
                            exitNoticed.put(idx, Instant.now());
                            fx.publish(Event.processState("EXITED", "x" + idx, "exiters", "RUNNING", 0, true, idx));
                        }
                    });
            children.add(c);
            Eventually.await(Duration.ofSeconds(5), () -> exitNoticed.containsKey(idx), b -> b, "exit of " + idx);
        }
        List<Double> latencies = new ArrayList<>();
        Eventually.await(Duration.ofSeconds(10), () -> {
            latencies.clear();
            for (String l : List.of("l0", "l1")) {
                for (Recorded r : Recorded.read(fx.records(l))) {
                    if (r.payload().startsWith("processname:x")) {
                        int pid = Integer.parseInt(r.payload().substring(r.payload().lastIndexOf("pid:") + 4));
                        Instant at = exitNoticed.get(pid);
                        if (at != null) {
                            latencies.add(r.receivedAt() * 1000 - (at.getEpochSecond() * 1000 + at.getNano() / 1e6));
                        }
                    }
                }
            }
            return latencies.size();
        }, s -> s >= n - 1, "exit events at the listeners");
        double[] sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        String report = String.format("events-perf: %d PROCESS_STATE events published in %.3f s to a pool of 2 "
                        + "listeners (buffer_size %d, warm-up %d events, %d discarded in warm-up, publisher held back "
                        + "%d times for a full buffer): %d received, "
                        + "%d discarded, peak buffer %d (l0 %d, l1 %d records)%n"
                        + "events-perf: exit noticed -> listener read, %d children: p50 %.2f ms, p90 %.2f ms, "
                        + "p99 %.2f ms, max %.2f ms%n",
                EVENTS, publishSeconds, bufferSize, warmup, afterWarmup.discarded(), pacedWaits, seen.size(),
                measured.discarded() - afterWarmup.discarded(), measured.peakBuffered(), at0, at1, sorted.length,
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[sorted.length - 1]);
        System.out.print(report);
        Files.writeString(Path.of("target", "events-perf.txt"), report);
        System.err.print(report);
        assertEquals(EVENTS, seen.size(), "events lost: " + report);
    }

    private static double pct(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
