package io.drover.node.events;

import io.drover.node.os.Child;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * The node's event hub, one actor: producers {@link Publish} events, subscribers receive the ones whose type is a
 * subtype of what they subscribed to. It owns supervisord's global serial, assigned when an event listener pool
 * accepts it: an event no pool listens to consumes no serial, as in supervisord, so other subscribers (webhooks, a
 * status feed) never shift the serials listeners see. They get the serial when a pool took the event, -1 otherwise.
 *
 * <p>An actor rather than the system EventStream because the serial must be assigned in one place, in publication
 * order, and because subscriptions follow supervisord's type hierarchy rather than Java classes.
 *
 * <p>It also routes a listener process's I/O ({@link ListenerSpawned}, {@link ListenerStdout}) and its own state
 * changes to the pool of its group, through the same mailbox as the events: a listener's stdout chunks, its state
 * events and its exit reach the pool in the order its ProcessActor sent them.
 */
public final class EventBus extends AbstractBehavior<EventBus.Command> {

    /** What the bus accepts. */
    public sealed interface Command permits Publish, Subscribe, Unsubscribe, RegisterPool, ListenerSpawned,
            ListenerStdout, SubscriberTerminated {
    }

    /** Raise an event. */
    public record Publish(Event event) implements Command {
    }

    /**
     * Subscribe {@code subscriber} under a unique {@code name} to {@code types} (and their subtypes); each event
     * arrives as {@code adapter.apply(notification)}.
     */
    public record Subscribe<T>(String name, Set<EventType> types, ActorRef<T> subscriber,
                               Function<Notification, T> adapter) implements Command {
        public Subscribe {
            types = Set.copyOf(types);
        }
    }

    /** Remove a subscription (also done when the subscriber stops). */
    public record Unsubscribe(String name) implements Command {
    }

    /** An event listener pool for a group: subscribed like any subscriber, and routed its listeners' I/O. */
    public record RegisterPool(String group, Set<EventType> types, ActorRef<EventListenerPool.Command> pool)
            implements Command {
        public RegisterPool {
            types = Set.copyOf(types);
        }
    }

    /** A listener process of {@code group} was spawned: its stdin is where the pool writes events. */
    public record ListenerSpawned(String group, String process, Child child) implements Command {
    }

    /** A chunk a listener process wrote on stdout (the protocol channel, not program output). */
    public record ListenerStdout(String group, String process, byte[] data) implements Command {
    }

    private record SubscriberTerminated(String name, ActorRef<?> ref) implements Command {
    }

    /** An event as a subscriber receives it, with its global serial (-1 when no event listener pool accepted it). */
    public record Notification(Event event, long serial) {
    }

    private record Subscription(Set<EventType> types, ActorRef<Object> ref, Function<Notification, Object> adapter,
                                String poolGroup) {
        boolean numbered() {
            return poolGroup != null;
        }

        boolean wants(EventType t) {
            for (EventType s : types) {
                if (t.isA(s)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Subscriptions in the order they were made: supervisord notifies pools in that order. */
    private final Map<String, Subscription> subscriptions = new java.util.LinkedHashMap<>();
    private final Map<String, ActorRef<EventListenerPool.Command>> poolsByGroup = new HashMap<>();
    /** The last global serial handed out (-1: none); shared with the bus of the next in-process restart. */
    private final AtomicLong serial;

    public static Behavior<Command> create() {
        return create(new AtomicLong(-1));
    }

    /**
     * A bus that continues {@code serial} (the last serial handed out): supervisord's global serial lives as long as
     * its process, so listeners see it go on across a SIGHUP reload, which rebuilds the bus.
     */
    public static Behavior<Command> create(AtomicLong serial) {
        return Behaviors.setup(ctx -> new EventBus(ctx, serial));
    }

    private EventBus(ActorContext<Command> context, AtomicLong serial) {
        super(context);
        this.serial = serial;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Publish.class, this::onPublish)
                .onMessage(Subscribe.class, this::onSubscribe)
                .onMessage(RegisterPool.class, this::onRegisterPool)
                .onMessage(Unsubscribe.class, m -> remove(m.name()))
                .onMessage(SubscriberTerminated.class, this::onSubscriberTerminated)
                .onMessage(ListenerSpawned.class, this::onListenerSpawned)
                .onMessage(ListenerStdout.class, this::onListenerStdout)
                .build();
    }

    private Behavior<Command> onPublish(Publish m) {
        Event event = m.event();
        List<Subscription> targets = new ArrayList<>(2);
        for (Subscription s : subscriptions.values()) {
            if (s.wants(event.type())) {
                targets.add(s);
            }
        }
        Notification n = null;
        if (!targets.isEmpty()) {
            long assigned = -1;
            if (targets.stream().anyMatch(Subscription::numbered)) {
                assigned = serial.updateAndGet(last -> last == Long.MAX_VALUE ? 0 : last + 1);
            }
            n = new Notification(event, assigned);
            for (Subscription s : targets) {
                s.ref().tell(s.adapter().apply(n));
            }
        }
        // A pool tracks its own listeners' process states whether or not it subscribed to them.
        if (event.type().isA(EventType.PROCESS_STATE)) {
            String group = event.field("groupname").orElse("");
            ActorRef<EventListenerPool.Command> pool = poolsByGroup.get(group);
            if (pool != null) {
                Subscription s = subscriptions.get(poolKey(group));
                if (n == null || s == null || !targets.contains(s)) {
                    pool.tell(new EventListenerPool.OwnProcessState(event));
                }
            }
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    private Behavior<Command> onSubscribe(Subscribe<?> m) {
        Subscribe<Object> s = (Subscribe<Object>) m;
        add(s.name(), new Subscription(EnumSet.copyOf(nonEmpty(s.types())), s.subscriber(), s.adapter(), null));
        return this;
    }

    @SuppressWarnings("unchecked")
    private Behavior<Command> onRegisterPool(RegisterPool m) {
        ActorRef<Object> ref = (ActorRef<Object>) (ActorRef<?>) m.pool();
        add(poolKey(m.group()), new Subscription(EnumSet.copyOf(nonEmpty(m.types())), ref,
                EventListenerPool.Deliver::new, m.group()));
        poolsByGroup.put(m.group(), m.pool());
        return this;
    }

    private static Set<EventType> nonEmpty(Set<EventType> types) {
        return types.isEmpty() ? EnumSet.noneOf(EventType.class) : types;
    }

    private void add(String name, Subscription s) {
        Subscription old = subscriptions.remove(name);
        if (old != null) {
            getContext().unwatch(old.ref());
        }
        subscriptions.put(name, s);
        getContext().watchWith(s.ref(), new SubscriberTerminated(name, s.ref()));
    }

    /** A stopped subscriber's subscription goes, unless a new subscriber took its name meanwhile. */
    private Behavior<Command> onSubscriberTerminated(SubscriberTerminated m) {
        Subscription s = subscriptions.get(m.name());
        return s != null && s.ref().equals(m.ref()) ? remove(m.name()) : this;
    }

    private Behavior<Command> remove(String name) {
        Subscription s = subscriptions.remove(name);
        if (s != null) {
            getContext().unwatch(s.ref());
            if (s.poolGroup() != null) {
                poolsByGroup.remove(s.poolGroup());
            }
        }
        return this;
    }

    private Behavior<Command> onListenerSpawned(ListenerSpawned m) {
        ActorRef<EventListenerPool.Command> pool = poolsByGroup.get(m.group());
        if (pool != null) {
            pool.tell(new EventListenerPool.ListenerSpawned(m.process(), m.child()));
        }
        return this;
    }

    private Behavior<Command> onListenerStdout(ListenerStdout m) {
        ActorRef<EventListenerPool.Command> pool = poolsByGroup.get(m.group());
        if (pool != null) {
            pool.tell(new EventListenerPool.ListenerStdout(m.process(), m.data()));
        }
        return this;
    }

    private static String poolKey(String group) {
        return "pool:" + group;
    }
}
