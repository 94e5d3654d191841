package io.drover.node.events;

import io.drover.config.ProcessSpec;
import io.drover.node.os.Child;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The events one ProcessActor raises, kept out of the state machine: it calls {@link #stateChanged} from its single
 * state-change method, {@link #spawned} after a spawn and {@link #listenerStdout} with stdout chunks. Everything goes
 * through the {@link EventBus} (one mailbox), so a listener's stdout, its state events and its exit reach its pool in
 * the order the ProcessActor saw them. Used only from the owning actor.
 */
public final class ProcessEvents {

    /** States in which the process had a child whose pid the next event still names. */
    private static final Set<String> WITH_CHILD = Set.of("STARTING", "RUNNING", "STOPPING");

    /** Raises nothing (no bus: unit tests of the state machine). */
    public static final ProcessEvents NONE = new ProcessEvents(null, null, null, false);

    private final ActorRef<EventBus.Command> bus;
    private final String name;
    private final String group;
    private final boolean listener;
    private int lastPid;

    private ProcessEvents(ActorRef<EventBus.Command> bus, String name, String group, boolean listener) {
        this.bus = bus;
        this.name = name;
        this.group = group;
        this.listener = listener;
    }

    /** Events for {@code spec}'s process; {@code bus} may be null (no events). */
    public static ProcessEvents of(ActorRef<EventBus.Command> bus, ProcessSpec spec) {
        if (bus == null) {
            return NONE;
        }
        return new ProcessEvents(bus, spec.name(), spec.group(), spec.sectionName().startsWith("eventlistener:"));
    }

    /** Whether the process is an event listener (its stdout is the protocol channel). */
    public boolean isListener() {
        return listener;
    }

    /** A child was spawned; a listener's pool gets its stdin. */
    public void spawned(Child child) {
        if (bus == null) {
            return;
        }
        lastPid = child.pid();
        if (listener) {
            bus.tell(new EventBus.ListenerSpawned(group, name, child));
        }
    }

    /**
     * The process changed state: publish PROCESS_STATE_{to}.
     *
     * @param pid the pid now (0 once reaped): EXITED and STOPPED name the child that just ended, as supervisord
     *            renders its event before it forgets the pid
     */
    public void stateChanged(String from, String to, int backoff, boolean expected, int pid) {
        if (bus == null || from.equals(to)) {
            return;
        }
        int eventPid = pid != 0 || !WITH_CHILD.contains(from) ? pid : lastPid;
        bus.tell(new EventBus.Publish(Event.processState(to, name, group, from, backoff, expected, eventPid)));
    }

    /**
     * The {@link io.drover.node.logs.LogEvents} to give this process's {@link io.drover.node.logs.LogChannel}s:
     * PROCESS_LOG_* and PROCESS_COMMUNICATION_* events naming the current child's pid. A listener's stdout raises
     * none: it is the protocol channel (supervisord's listener dispatcher raises no events for it).
     */
    public io.drover.node.logs.LogEvents logEvents() {
        if (bus == null) {
            return io.drover.node.logs.LogEvents.NONE;
        }
        return new io.drover.node.logs.LogEvents() {
            @Override
            public void processLog(String channel, byte[] data) {
                if (listener && "stdout".equals(channel)) {
                    return;
                }
                bus.tell(new EventBus.Publish(Event.processLog("stderr".equals(channel), name, group, lastPid, data)));
            }

            @Override
            public void processCommunication(String channel, byte[] data) {
                if (listener && "stdout".equals(channel)) {
                    return;
                }
                bus.tell(new EventBus.Publish(
                        Event.processCommunication("stderr".equals(channel), name, group, lastPid, data)));
            }
        };
    }

    /**
     * A chunk of a listener's stdout goes to its pool (the ProcessActor still writes it to the stdout log, as
     * supervisord's listener dispatcher does). Returns whether the process is a listener.
     */
    public boolean listenerStdout(byte[] data) {
        if (bus == null || !listener) {
            return false;
        }
        bus.tell(new EventBus.ListenerStdout(group, name, data));
        return true;
    }
}
