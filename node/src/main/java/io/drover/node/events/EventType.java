package io.drover.node.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every supervisord event type with its place in supervisord's class hierarchy. Subscribing to a type subscribes to
 * all its subtypes ({@code PROCESS_STATE} gets every {@code PROCESS_STATE_*}; {@code EVENT} gets everything but
 * {@link #EVENT_REJECTED}, which supervisord keeps outside the hierarchy on purpose and never sends to listeners).
 */
public enum EventType {
    EVENT(null, true),
    PROCESS_STATE(EVENT, true),
    PROCESS_STATE_STOPPED(PROCESS_STATE, false),
    PROCESS_STATE_EXITED(PROCESS_STATE, false),
    PROCESS_STATE_STARTING(PROCESS_STATE, false),
    PROCESS_STATE_STOPPING(PROCESS_STATE, false),
    PROCESS_STATE_BACKOFF(PROCESS_STATE, false),
    PROCESS_STATE_FATAL(PROCESS_STATE, false),
    PROCESS_STATE_RUNNING(PROCESS_STATE, false),
    PROCESS_STATE_UNKNOWN(PROCESS_STATE, false),
    PROCESS_COMMUNICATION(EVENT, true),
    PROCESS_COMMUNICATION_STDOUT(PROCESS_COMMUNICATION, false),
    PROCESS_COMMUNICATION_STDERR(PROCESS_COMMUNICATION, false),
    PROCESS_LOG(EVENT, true),
    PROCESS_LOG_STDOUT(PROCESS_LOG, false),
    PROCESS_LOG_STDERR(PROCESS_LOG, false),
    REMOTE_COMMUNICATION(EVENT, false),
    SUPERVISOR_STATE_CHANGE(EVENT, true),
    SUPERVISOR_STATE_CHANGE_RUNNING(SUPERVISOR_STATE_CHANGE, false),
    SUPERVISOR_STATE_CHANGE_STOPPING(SUPERVISOR_STATE_CHANGE, false),
    TICK(EVENT, true),
    TICK_5(TICK, false),
    TICK_60(TICK, false),
    TICK_3600(TICK, false),
    PROCESS_GROUP(EVENT, true),
    PROCESS_GROUP_ADDED(PROCESS_GROUP, false),
    PROCESS_GROUP_REMOVED(PROCESS_GROUP, false),
    /** A listener failed or died holding an event; internal to the pools, not an {@link #EVENT}. */
    EVENT_REJECTED(null, false);

    private static final Map<String, EventType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Enum::name, Function.identity()));

    private final EventType parent;
    private final boolean isAbstract;

    EventType(EventType parent, boolean isAbstract) {
        this.parent = parent;
        this.isAbstract = isAbstract;
    }

    /** The supertype, if any. */
    public Optional<EventType> parent() {
        return Optional.ofNullable(parent);
    }

    /** Abstract types are never raised, only subscribed to. */
    public boolean isAbstract() {
        return isAbstract;
    }

    /** Whether an event of this type is delivered to a subscription to {@code other} (Python's isinstance). */
    public boolean isA(EventType other) {
        for (EventType t = this; t != null; t = t.parent) {
            if (t == other) {
                return true;
            }
        }
        return false;
    }

    /** The tick period in seconds of a concrete TICK type. */
    public int tickPeriodSeconds() {
        return switch (this) {
            case TICK_5 -> 5;
            case TICK_60 -> 60;
            case TICK_3600 -> 3600;
            default -> throw new IllegalStateException(this + " is not a tick");
        };
    }

    /** A type by the name an {@code events=} line uses (exact, as supervisord: names are upper case). */
    public static Optional<EventType> byName(String name) {
        EventType t = BY_NAME.get(name);
        return t == EVENT_REJECTED ? Optional.empty() : Optional.ofNullable(t);
    }

    /**
     * The PROCESS_STATE_* type raised on entering a process state.
     *
     * @param state supervisord's state name: STOPPED, STARTING, RUNNING, BACKOFF, STOPPING, EXITED, FATAL, UNKNOWN
     */
    public static EventType forProcessState(String state) {
        EventType t = BY_NAME.get("PROCESS_STATE_" + state.toUpperCase(Locale.ROOT));
        if (t == null || !t.isA(PROCESS_STATE) || t == PROCESS_STATE) {
            throw new IllegalArgumentException("not a process state: " + state);
        }
        return t;
    }
}
