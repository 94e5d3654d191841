package io.drover.node.events;

import io.drover.config.LogLevel;
import io.drover.node.mainlog.MainLog;
import io.drover.node.testing.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;

/** A bus, pools and real listener processes for one test; {@link #close()} kills every process by PID. */
final class PoolFixture implements AutoCloseable {

    final ActorTestKit kit;
    final Path dir;
    final ActorRef<EventBus.Command> bus;
    /** The pools' daemon log, at debug level, in {@code <dir>/main.log}. */
    final MainLog log;
    private final List<ListenerProcess> processes = new ArrayList<>();

    PoolFixture(ActorTestKit kit) {
        this.kit = kit;
        try {
            this.dir = Files.createTempDirectory("drover-events");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.bus = kit.spawn(EventBus.create());
        try {
            this.log = MainLog.open(Optional.of(dir.resolve("main.log")), LogLevel.DEBG, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the daemon log holds {@code lines} in this order (each as the text after the level). */
    void awaitLogLines(String... lines) {
        Eventually.await(Duration.ofSeconds(10), this::logText, t -> containsInOrder(t, lines),
                "daemon log lines " + List.of(lines));
    }

    String logText() {
        try {
            return Files.readString(dir.resolve("main.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean containsInOrder(String text, String... lines) {
        int from = 0;
        for (String l : lines) {
            int at = text.indexOf(l + "\n", from);
            if (at < 0) {
                return false;
            }
            from = at + l.length();
        }
        return true;
    }

    static Path resource(String name) {
        try {
            return Path.of(PoolFixture.class.getResource("/listeners/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    ActorRef<EventListenerPool.Command> pool(String name, List<String> processes, Set<EventType> events,
                                              int bufferSize) {
        EventListenerPool.Settings s = new EventListenerPool.Settings(name, processes, events, bufferSize, "drover");
        ActorRef<EventListenerPool.Command> ref = kit.spawn(EventListenerPool.create(s, log));
        EventListenerPool.register(bus, ref, s);
        return ref;
    }

    void publish(Event e) {
        bus.tell(new EventBus.Publish(e));
    }

    /** Starts recorder.py as listener {@code name} of {@code group}; records go to {@code <dir>/<name>.log}. */
    ListenerProcess recorder(String group, String name, String mode) {
        return start(group, name, List.of("python3", resource("recorder.py").toString(),
                records(name).toString(), mode, dir.resolve(name + ".state").toString()), Map.of());
    }

    ListenerProcess start(String group, String name, List<String> argv, Map<String, String> env) {
        try {
            ListenerProcess p = ListenerProcess.start(bus, group, name, argv, env, dir.resolve(name + ".err"));
            processes.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path records(String name) {
        return dir.resolve(name + ".log");
    }

    List<Recorded> awaitRecords(String name, int count) {
        return Eventually.await(Duration.ofSeconds(10), () -> Recorded.read(records(name)), l -> l.size() >= count,
                count + " events at " + name);
    }

    EventListenerPool.Status status(ActorRef<EventListenerPool.Command> pool) {
        TestProbe<EventListenerPool.Status> probe = kit.createTestProbe();
        pool.tell(new EventListenerPool.GetStatus(probe.getRef()));
        return probe.receiveMessage();
    }

    void awaitState(ActorRef<EventListenerPool.Command> pool, String listener, ListenerState state) {
        Eventually.await(Duration.ofSeconds(10), () -> status(pool),
                s -> s.listeners().get(listener) == state, listener + " " + state);
    }

    String stderr(String name) {
        try {
            Path p = dir.resolve(name + ".err");
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        for (ListenerProcess p : processes) {
            p.close();
        }
        log.close();
    }
}
