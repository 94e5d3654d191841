package io.drover.node.process;

import io.drover.config.GroupSpec;
import io.drover.config.ProcessSpec;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

/**
 * One process group: parent of its ProcessActors (so removing a group stops them all), and the unit of the daemon's
 * ordered shutdown: {@link StopAll} stops its processes in descending priority and answers once every one of them
 * is in a stopped state. An fcgi-program group's processes share its {@link FcgiSocket} as stdin.
 */
public final class GroupActor extends AbstractBehavior<GroupActor.Command> {

    /** Messages a GroupActor accepts. */
    public sealed interface Command {
    }

    /** Deliver a command to one process of the group (ignored if it has none of that name). */
    public record ToProcess(String name, ProcessActor.Command command) implements Command {
    }

    /** Deliver a command to every process of the group. */
    public record ToAll(ProcessActor.Command command) implements Command {
    }

    /**
     * supervisord's {@code stop_all} for shutdown: stop RUNNING/STARTING, give up BACKOFF, in descending priority;
     * replies {@link GroupStopped} once all are stopped.
     */
    public record StopAll(ActorRef<GroupStopped> replyTo) implements Command {
    }

    /** Every process of the group is in a stopped state. */
    public record GroupStopped(String group) {
    }

    private record ProcessDone(ProcessActor.Outcome outcome) implements Command {
    }

    private final GroupSpec spec;
    /** In config order; a one-process group holds a one-entry immutable map instead of a hash table. */
    private final Map<String, ActorRef<ProcessActor.Command>> processes;
    private final ActorRef<ProcessActor.Outcome> outcomes;
    private final List<ActorRef<GroupStopped>> stopWaiters = new ArrayList<>();
    private final Set<String> unstopped = new HashSet<>();
    /** Processes of the current stop pass not yet told to stop, in supervisord's stop order. */
    private final ArrayDeque<String> stopPass = new ArrayDeque<>();
    /** The current stop pass's processes, in order. */
    private final List<String> passOrder = new ArrayList<>();

    /**
     * @param spec    the group
     * @param logs    each process's resolved log files, by process name
     * @param fcgi    the fcgi socket its processes share as fd 0 (an fcgi-program group)
     */
    public static Behavior<Command> create(GroupSpec spec, Map<String, ProcessLogs> logs, NodeServices services,
                                           Optional<FcgiSocket> fcgi) {
        return Behaviors.setup(ctx -> new GroupActor(ctx, spec, logs, services, fcgi));
    }

    private GroupActor(ActorContext<Command> ctx, GroupSpec spec, Map<String, ProcessLogs> logs,
                       NodeServices services, Optional<FcgiSocket> fcgi) {
        super(ctx);
        this.spec = spec;
        this.outcomes = ctx.messageAdapter(ProcessActor.Outcome.class, ProcessDone::new);
        Map<String, ActorRef<ProcessActor.Command>> refs = new LinkedHashMap<>();
        int i = 0;
        for (ProcessSpec p : spec.processes()) {
            ActorRef<ProcessActor.Command> ref = ctx.spawn(
                    ProcessActor.create(p, logs.getOrDefault(p.name(), ProcessLogs.NONE), services, fcgi),
                    "p" + (i++) + "-" + safe(p.name()));
            refs.put(p.name(), ref);
        }
        this.processes = refs.size() <= 1 ? Map.copyOf(refs) : refs;
    }

    /** The message table, one for every GroupActor (see HandlerTable). */
    private static final HandlerTable<GroupActor, Command> HANDLERS = HandlerTable.<GroupActor, Command>builder()
            .on(ToProcess.class, GroupActor::onToProcess)
            .on(ToAll.class, GroupActor::onToAll)
            .on(StopAll.class, GroupActor::onStopAll)
            .on(ProcessDone.class, GroupActor::onProcessDone)
            .build();

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder().onAnyMessage(m -> HANDLERS.handle(this, m)).build();
    }

    private Behavior<Command> onToProcess(ToProcess m) {
        ActorRef<ProcessActor.Command> ref = processes.get(m.name());
        if (ref != null) {
            ref.tell(m.command());
        }
        return this;
    }

    private Behavior<Command> onToAll(ToAll m) {
        processes.values().forEach(ref -> ref.tell(m.command()));
        return this;
    }

    private Behavior<Command> onStopAll(StopAll m) {
        stopWaiters.add(m.replyTo());
        // supervisord sorts by priority (stable) and reverses: descending priority, and among equal priorities
        // the reverse of the config order (x_2, x_1, x_0 for numprocs=3).
        // One stop pass at a time; the processes are told one after another (each once the previous one has sent
        // its signal), so their STOPPING events come in this order, as supervisord's loop emits them.
        if (stopPass.isEmpty() && unstopped.isEmpty()) {
            List<ProcessSpec> order = new ArrayList<>(spec.processes());
            order.sort(Comparator.comparingInt(ProcessSpec::priority));
            Collections.reverse(order);
            passOrder.clear();
            for (ProcessSpec p : order) {
                unstopped.add(p.name());
                stopPass.add(p.name());
                passOrder.add(p.name());
            }
            stopNext();
        }
        answerIfStopped();
        return this;
    }

    private void stopNext() {
        String next = stopPass.poll();
        if (next != null) {
            processes.get(next).tell(new ProcessActor.StopForShutdown(0, outcomes));
        } else {
            // The whole pass is signalled: its processes may now report their exits (in the pass's order).
            passOrder.forEach(name -> processes.get(name).tell(ProcessActor.ReleaseExits.INSTANCE));
        }
    }

    private Behavior<Command> onProcessDone(ProcessDone m) {
        if (m.outcome() instanceof ProcessActor.Attempted) {
            stopNext();
        } else if (m.outcome() instanceof ProcessActor.Finished f) {
            unstopped.remove(f.name());
            answerIfStopped();
        }
        return this;
    }

    private void answerIfStopped() {
        if (unstopped.isEmpty() && !stopWaiters.isEmpty()) {
            stopWaiters.forEach(w -> w.tell(new GroupStopped(spec.name())));
            stopWaiters.clear();
        }
    }

    /** Actor names allow a limited alphabet; process names may hold anything but ':'. */
    private static String safe(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
        }
        return sb.toString();
    }
}
