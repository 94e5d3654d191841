package io.drover.node.events;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * Raises TICK_5, TICK_60 and TICK_3600 when the wall clock crosses a multiple of the period, with {@code when} the
 * epoch second of that multiple, as supervisord does (its first tick of each kind is the first boundary after start).
 * One single-shot timer per period, re-armed for the next boundary from the wall clock each time, so a clock step
 * or a late timer never drifts the schedule and never raises the same {@code when} twice.
 */
public final class Ticker extends AbstractBehavior<Ticker.Command> {

    /** Only its own timers talk to the ticker. */
    public sealed interface Command permits Boundary {
    }

    private record Boundary(EventType type) implements Command {
    }

    /** A timer firing this early is still taken for the boundary it was armed for. */
    private static final long EARLY_TOLERANCE_MS = 250;

    private static final List<EventType> TICKS = List.of(EventType.TICK_5, EventType.TICK_60, EventType.TICK_3600);

    private final ActorRef<EventBus.Command> bus;
    private final TimerScheduler<Command> timers;
    private final Map<EventType, Long> lastWhen = new EnumMap<>(EventType.class);

    public static Behavior<Command> create(ActorRef<EventBus.Command> bus) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new Ticker(ctx, timers, bus)));
    }

    private Ticker(ActorContext<Command> context, TimerScheduler<Command> timers, ActorRef<EventBus.Command> bus) {
        super(context);
        this.bus = bus;
        this.timers = timers;
        long now = System.currentTimeMillis();
        for (EventType t : TICKS) {
            lastWhen.put(t, floorSeconds(now, t));
            arm(t, now);
        }
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder().onMessage(Boundary.class, this::onBoundary).build();
    }

    private Behavior<Command> onBoundary(Boundary m) {
        long now = System.currentTimeMillis();
        long when = floorSeconds(now + EARLY_TOLERANCE_MS, m.type());
        if (when != lastWhen.get(m.type())) {
            lastWhen.put(m.type(), when);
            bus.tell(new EventBus.Publish(Event.tick(m.type(), when)));
        }
        arm(m.type(), Math.max(now, when * 1000L));
        return this;
    }

    private void arm(EventType t, long fromMillis) {
        long periodMs = t.tickPeriodSeconds() * 1000L;
        long next = (Math.floorDiv(fromMillis, periodMs) + 1) * periodMs;
        timers.startSingleTimer(t, new Boundary(t), Duration.ofMillis(next - System.currentTimeMillis()));
    }

    /** supervisord's timeslice(): the epoch second rounded down to the period. */
    static long floorSeconds(long epochMillis, EventType t) {
        long period = t.tickPeriodSeconds();
        return Math.floorDiv(Math.floorDiv(epochMillis, 1000L), period) * period;
    }
}
