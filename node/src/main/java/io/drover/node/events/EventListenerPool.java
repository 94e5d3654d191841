package io.drover.node.events;

import io.drover.node.mainlog.MainLog;
import io.drover.node.os.Child;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * An {@code [eventlistener:x]} pool, as supervisord's EventListenerPool: accepts the events it subscribed to, numbers
 * them with its pool serial, buffers them (dropping the oldest beyond {@code buffer_size}) and hands each to the first
 * listener process that is RUNNING and READY. A listener that answers anything but {@code OK}, breaks the protocol
 * while holding an event, or dies holding one gives the event back: it goes to the head of the buffer with the same
 * serials and payload and is sent again.
 *
 * <p>The pool learns about its listeners through the {@link EventBus}: their spawns ({@link ListenerSpawned}, with the
 * {@link Child} whose stdin it writes to without blocking), their stdout ({@link ListenerStdout}, parsed by a
 * {@link ListenerProtocol} per listener) and their process-state events.
 */
public final class EventListenerPool extends AbstractBehavior<EventListenerPool.Command> {

    /** What the pool accepts. */
    public sealed interface Command permits Deliver, OwnProcessState, ListenerSpawned, ListenerStdout, GetStatus,
            ServerIdentifier {
    }

    /** An event the pool subscribed to. */
    public record Deliver(EventBus.Notification notification) implements Command {
    }

    /** A state change of one of the pool's own processes that the pool did not subscribe to. */
    public record OwnProcessState(Event event) implements Command {
    }

    /** A listener process was spawned: a new protocol conversation starts (ACKNOWLEDGED). */
    public record ListenerSpawned(String process, Child child) implements Command {
    }

    /** Bytes a listener wrote on stdout. */
    public record ListenerStdout(String process, byte[] data) implements Command {
    }

    /**
     * A reread changed {@code [supervisord] identifier}: supervisord builds each envelope when it sends it, so every
     * event sent from now on (a rebuffered one too) names the new one.
     */
    public record ServerIdentifier(String identifier) implements Command {
    }

    /** Ask for the pool's state (tests, status pages). */
    public record GetStatus(ActorRef<Status> replyTo) implements Command {
    }

    /**
     * @param listeners each listener's protocol state (empty when it has no live process)
     * @param buffered  events waiting for a READY listener
     * @param poolSerial the last pool serial handed out (-1: none yet)
     * @param peakBuffered the most events ever waiting at once
     * @param discarded  events dropped because the buffer was full
     */
    public record Status(Map<String, ListenerState> listeners, int buffered, long poolSerial, int peakBuffered,
                         long discarded) {
    }

    /**
     * How a pool is configured.
     *
     * @param name             the pool (group) name, {@code pool:} in the header
     * @param processes        its listener process names, in config order (the order events are offered in)
     * @param events           the subscribed types
     * @param bufferSize       {@code buffer_size}
     * @param serverIdentifier {@code server:} in the header ({@code [supervisord] identifier}) until a
     *                         {@link ServerIdentifier} changes it
     */
    public record Settings(String name, List<String> processes, Set<EventType> events, int bufferSize,
                           String serverIdentifier) {
        public Settings {
            processes = List.copyOf(processes);
            events = Set.copyOf(events);
        }
    }

    /** An accepted event with its pool serial, which it keeps when it is rebuffered. */
    private record Pending(EventBus.Notification notification, long poolSerial) {
    }

    private static final class Listener {
        final String name;
        ListenerProtocol protocol;
        Child child;
        boolean running;
        Pending held;

        Listener(String name) {
            this.name = name;
        }

        boolean readyForEvent() {
            return running && protocol != null && protocol.state() == ListenerState.READY;
        }
    }

    private final Settings settings;
    /** The daemon log: supervisord writes the protocol's transitions, rejections and overflows there. */
    private final MainLog log;
    private final Map<String, Listener> listeners = new LinkedHashMap<>();
    private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
    private long poolSerial = -1;
    private String serverIdentifier;
    private int peakBuffered;
    private long discarded;

    /** The pool's behavior; register it on the bus with {@link #register}. */
    public static Behavior<Command> create(Settings settings, MainLog log) {
        return Behaviors.setup(ctx -> new EventListenerPool(ctx, settings, log));
    }

    /**
     * Subscribes a spawned pool to the bus. Call it from the actor that spawned the pool, before that actor publishes
     * the pool's own PROCESS_GROUP_ADDED: messages from one sender arrive in order, so the pool sees it.
     */
    public static void register(ActorRef<EventBus.Command> bus, ActorRef<Command> pool, Settings settings) {
        bus.tell(new EventBus.RegisterPool(settings.name(), settings.events(), pool));
    }

    private EventListenerPool(ActorContext<Command> context, Settings settings, MainLog log) {
        super(context);
        this.settings = settings;
        this.serverIdentifier = settings.serverIdentifier();
        this.log = log;
        for (String p : settings.processes()) {
            listeners.put(p, new Listener(p));
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Deliver.class, this::onDeliver)
                .onMessage(OwnProcessState.class, m -> {
                    trackOwnState(m.event());
                    return this;
                })
                .onMessage(ListenerSpawned.class, this::onListenerSpawned)
                .onMessage(ListenerStdout.class, this::onListenerStdout)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(ServerIdentifier.class, m -> {
                    serverIdentifier = m.identifier();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onDeliver(Deliver m) {
        Event event = m.notification().event();
        if (event.type().isA(EventType.PROCESS_STATE)) {
            trackOwnState(event);
        }
        poolSerial = poolSerial == Long.MAX_VALUE ? 0 : poolSerial + 1;
        accept(new Pending(m.notification(), poolSerial), false);
        dispatch();
        return this;
    }

    private void trackOwnState(Event event) {
        if (!settings.name().equals(event.field("groupname").orElse(null))) {
            return;
        }
        Listener l = listeners.get(event.field("processname").orElse(""));
        if (l == null) {
            return;
        }
        switch (event.type()) {
            case PROCESS_STATE_RUNNING -> {
                l.running = true;
                dispatch();
            }
            case PROCESS_STATE_STOPPED, PROCESS_STATE_EXITED, PROCESS_STATE_BACKOFF -> listenerGone(l);
            default -> l.running = false;
        }
    }

    /** The listener's process ended: an event it held comes back to the pool (supervisord's finish()). */
    private void listenerGone(Listener l) {
        l.running = false;
        l.protocol = null;
        l.child = null;
        if (l.held != null) {
            Pending p = l.held;
            l.held = null;
            reject(p);
            dispatch();
        }
    }

    private Behavior<Command> onListenerSpawned(ListenerSpawned m) {
        Listener l = listeners.get(m.process());
        if (l == null) {
            getContext().getLog().warn("pool {}: spawn of unknown listener {}", settings.name(), m.process());
            return this;
        }
        if (l.held != null) { // the exit was not seen: the event is lost to that process in any case
            listenerGone(l);
        }
        l.protocol = new ListenerProtocol();
        l.child = m.child();
        return this;
    }

    private Behavior<Command> onListenerStdout(ListenerStdout m) {
        Listener l = listeners.get(m.process());
        if (l == null || l.protocol == null) {
            return this;
        }
        for (ListenerProtocol.Outcome o : l.protocol.feed(m.data())) {
            if (o instanceof ListenerProtocol.Ready) {
                log.debug(l.name + ": ACKNOWLEDGED -> READY");
            } else if (o instanceof ListenerProtocol.Result r) {
                onResult(l, r);
            } else if (o instanceof ListenerProtocol.BadResultLine b) {
                log.warn(l.name + ": bad result line: '" + b.line() + "'");
                enteredUnknown(l, ListenerState.BUSY);
                Pending p = l.held;
                l.held = null;
                if (p != null) {
                    reject(p);
                }
            } else if (o instanceof ListenerProtocol.Violation v) {
                enteredUnknown(l, v.from());
            }
        }
        // once the whole chunk is read, as supervisord dispatches after reading: a FAIL then READY in one chunk
        // logs the transitions before the resend
        dispatch();
        return this;
    }

    private void onResult(Listener l, ListenerProtocol.Result r) {
        Pending p = l.held;
        l.held = null;
        if (r.ok()) {
            log.debug(l.name + ": event was processed");
            log.debug(l.name + ": BUSY -> ACKNOWLEDGED");
        } else {
            log.warn(l.name + ": event was rejected");
            log.debug(l.name + ": BUSY -> ACKNOWLEDGED");
            if (p != null) {
                reject(p);
            }
        }
    }

    private void enteredUnknown(Listener l, ListenerState from) {
        log.debug(l.name + ": " + from + " -> UNKNOWN");
        log.warn(l.name + ": has entered the UNKNOWN state and will no longer receive events, this usually"
                + " indicates the process violated the eventlistener protocol");
    }

    /** supervisord's EventRejectedEvent handling: back to the head of the buffer, serials unchanged. */
    private void reject(Pending p) {
        log.debug("rebuffering event " + p.notification().serial() + " for pool " + settings.name() + " (buf size="
                + buffer.size() + ", max=" + settings.bufferSize() + ")");
        accept(p, true);
    }

    private void accept(Pending p, boolean head) {
        if (buffer.size() >= settings.bufferSize() && !buffer.isEmpty()) {
            Pending dropped = buffer.pollFirst();
            discarded++;
            log.error("pool " + settings.name() + " event buffer overflowed, discarding event "
                    + dropped.notification().serial());
        }
        if (head) {
            buffer.addFirst(p);
        } else {
            buffer.addLast(p);
        }
        peakBuffered = Math.max(peakBuffered, buffer.size());
    }

    /**
     * Sends the oldest buffered events to READY listeners until either runs out. As supervisord's dispatch, a pass that
     * began with a READY listener and stops with events left logs the head one as rebuffered.
     */
    private void dispatch() {
        boolean capable = listeners.values().stream().anyMatch(Listener::readyForEvent);
        while (!buffer.isEmpty()) {
            if (!sendTo(buffer.peekFirst())) {
                if (capable) {
                    log.debug("rebuffering event " + buffer.peekFirst().notification().serial() + " for pool "
                            + settings.name() + " (buf size=" + (buffer.size() - 1) + ", max=" + settings.bufferSize()
                            + ")");
                }
                return;
            }
            buffer.pollFirst();
        }
    }

    private boolean sendTo(Pending p) {
        for (Listener l : listeners.values()) {
            if (!l.readyForEvent()) {
                continue;
            }
            EventBus.Notification n = p.notification();
            try {
                l.child.writeStdin(Envelope.render(serverIdentifier, n.serial(), settings.name(),
                        p.poolSerial(), n.event()));
            } catch (IOException e) {
                log.debug("epipe occurred while sending event " + n.serial() + " to listener " + l.name
                        + ", listener state unchanged");
                continue;
            }
            l.protocol.busy();
            l.held = p;
            log.debug("event " + n.serial() + " sent to listener " + l.name);
            return true;
        }
        return false;
    }

    private Behavior<Command> onGetStatus(GetStatus m) {
        Map<String, ListenerState> states = new LinkedHashMap<>();
        for (Listener l : listeners.values()) {
            if (l.protocol != null) {
                states.put(l.name, l.protocol.state());
            }
        }
        m.replyTo().tell(new Status(Map.copyOf(states), buffer.size(), poolSerial, peakBuffered,
                discarded));
        return this;
    }
}
