package io.drover.node.supervisor;

import io.drover.config.ConfigDiff;
import io.drover.config.ConfigError;
import io.drover.config.DaemonSettings;
import io.drover.config.GroupSpec;
import io.drover.config.LogTarget;
import io.drover.config.ProcessSpec;
import io.drover.config.Signal;
import io.drover.config.SupervisorConfig;
import io.drover.node.logs.AutoLogCleaner;
import io.drover.node.mainlog.MainLog;
import io.drover.node.process.GroupActor;
import io.drover.node.process.NodeServices;
import io.drover.node.process.ProcessActor;
import io.drover.node.process.ProcessLogs;
import io.drover.node.process.ProcessState;
import io.drover.node.process.ProcessStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * The root actor of a node's local plane: owns the active config, one {@code GroupActor} per group, start and stop
 * order by priority, the reload diff, and answers the node's command protocol (what supervisord's XML-RPC
 * {@code supervisor.*} namespace needs).
 *
 * <p>Every {@link Request} is answered exactly once with a {@link Reply}. Names follow supervisord: a process is
 * {@code name} (when group and process share it) or {@code group:name}; {@code group:*} (or {@code group:})
 * addresses the whole group. While the daemon shuts down or restarts, every request is answered with
 * {@link Fault#SHUTDOWN_STATE}.
 */
public final class NodeSupervisor extends AbstractBehavior<NodeSupervisor.Command> {

    /** Everything NodeSupervisor receives: the public requests below and private messages. */
    public sealed interface Command {
    }

    /**
     * A client request; answered with one {@link Reply} to {@link #replyTo()}.
     *
     * @param <T> the type of a successful reply's value
     */
    public sealed interface Request<T> extends Command {
        ActorRef<Reply<T>> replyTo();
    }

    // ---- daemon -----------------------------------------------------------------------------------------------

    /** {@code getState}. */
    public record GetState(ActorRef<Reply<SupervisorState>> replyTo) implements Request<SupervisorState> {
    }

    /**
     * {@code shutdown}: replies {@code true} at once, then stops every group in descending priority (each fully
     * stopped before the next) and terminates the daemon.
     */
    public record Shutdown(ActorRef<Reply<Boolean>> replyTo) implements Request<Boolean> {
    }

    /**
     * {@code restart}: replies {@code true}, stops everything as on shutdown, reads the config from disk again and
     * starts anew in the same daemon process (as SIGHUP).
     */
    public record Restart(ActorRef<Reply<Boolean>> replyTo) implements Request<Boolean> {
    }

    /**
     * {@code reloadConfig}: reads the config file again and reports the diff against the active groups; changes
     * nothing running, but later {@link AddProcessGroup} and {@link GetAllConfigInfo} see the new file.
     * CANT_REREAD with the config error's text when the file is bad.
     */
    public record ReloadConfig(ActorRef<Reply<ConfigChanges>> replyTo) implements Request<ConfigChanges> {
    }

    /** {@code addProcessGroup}: activates a group of the last read config. BAD_NAME, ALREADY_ADDED. */
    public record AddProcessGroup(String name, ActorRef<Reply<Boolean>> replyTo) implements Request<Boolean> {
    }

    /** {@code removeProcessGroup}: removes a group whose processes are all stopped. BAD_NAME, STILL_RUNNING. */
    public record RemoveProcessGroup(String name, ActorRef<Reply<Boolean>> replyTo) implements Request<Boolean> {
    }

    /** {@code getAllConfigInfo}: every process of the last read config, sorted by process name. */
    public record GetAllConfigInfo(ActorRef<Reply<List<ConfigInfo>>> replyTo) implements Request<List<ConfigInfo>> {
    }

    /** {@code clearLog}: truncates the daemon's own log and reopens it. NO_FILE when there is none. */
    public record ClearMainLog(ActorRef<Reply<Boolean>> replyTo) implements Request<Boolean> {
    }

    /** Reopens the daemon's and every child's log files (SIGUSR2). Replies {@code true}. */
    public record ReopenLogs(ActorRef<Reply<Boolean>> replyTo) implements Request<Boolean> {
    }

    // ---- process info ------------------------------------------------------------------------------------------

    /** {@code getProcessInfo(name)}. BAD_NAME (also for {@code group:*}). */
    public record GetProcessInfo(String name, ActorRef<Reply<ProcessInfo>> replyTo) implements Request<ProcessInfo> {
    }

    /** {@code getAllProcessInfo}: every process, groups and names in lexical order. */
    public record GetAllProcessInfo(ActorRef<Reply<List<ProcessInfo>>> replyTo)
            implements Request<List<ProcessInfo>> {
    }

    /** Where a process's stdout/stderr logs are (for readProcess*Log / tailProcess*Log / logtail). BAD_NAME. */
    public record GetLogPaths(String name, ActorRef<Reply<LogPaths>> replyTo) implements Request<LogPaths> {
    }

    /** {@code clearProcessLogs(name)}: truncates and reopens the process's logs. BAD_NAME, FAILED. */
    public record ClearProcessLogs(String name, ActorRef<Reply<Boolean>> replyTo) implements Request<Boolean> {
    }

    /** {@code clearAllProcessLogs}: one result per process, in priority order. */
    public record ClearAllProcessLogs(ActorRef<Reply<List<ProcessResult>>> replyTo)
            implements Request<List<ProcessResult>> {
    }

    /**
     * {@code sendProcessStdin(name, chars)}: BAD_NAME; NOT_RUNNING when no child or it is being stopped; NO_FILE
     * (with the name) when the child's stdin is closed.
     */
    public record SendProcessStdin(String name, byte[] data, ActorRef<Reply<Boolean>> replyTo)
            implements Request<Boolean> {
    }

    /** {@code sendRemoteCommEvent(type, data)}: raises REMOTE_COMMUNICATION for event listeners; always true. */
    public record SendRemoteCommEvent(String type, String data, ActorRef<Reply<Boolean>> replyTo)
            implements Request<Boolean> {
    }

    // ---- start / stop / restart / signal ----------------------------------------------------------------------

    /**
     * {@code startProcess(name, wait)}. For one process: BAD_NAME; NO_FILE / NOT_EXECUTABLE when the command
     * cannot be found/run; ALREADY_STARTED (name as given) when STARTING/RUNNING/BACKOFF; SPAWN_ERROR (name) when
     * the spawn fails or (with {@code waitFor}) the child exits before startsecs; ABNORMAL_TERMINATION (name) when it
     * is stopped while the caller waits. With {@code waitFor} the reply comes once RUNNING. {@code group:*} answers
     * as {@link StartProcessGroup} inside {@link ActionResult.PerProcess}.
     */
    public record StartProcess(String name, boolean waitFor, ActorRef<Reply<ActionResult>> replyTo)
            implements Request<ActionResult> {
    }

    /** {@code startProcessGroup(name, wait)}: starts the group's not-running processes. BAD_NAME for the group. */
    public record StartProcessGroup(String name, boolean waitFor, ActorRef<Reply<List<ProcessResult>>> replyTo)
            implements Request<List<ProcessResult>> {
    }

    /** {@code startAllProcesses(wait)}: every not-running process, ascending priority. */
    public record StartAllProcesses(boolean waitFor, ActorRef<Reply<List<ProcessResult>>> replyTo)
            implements Request<List<ProcessResult>> {
    }

    /**
     * {@code stopProcess(name, wait)}: BAD_NAME; NOT_RUNNING (name) unless STARTING/RUNNING/BACKOFF; FAILED when the
     * signal cannot be sent. A BACKOFF process becomes STOPPED at once. With {@code waitFor} the reply comes once
     * stopped. {@code group:*} as {@link StopProcessGroup}.
     */
    public record StopProcess(String name, boolean waitFor, ActorRef<Reply<ActionResult>> replyTo)
            implements Request<ActionResult> {
    }

    /** {@code stopProcessGroup(name, wait)}: stops the group's running processes. */
    public record StopProcessGroup(String name, boolean waitFor, ActorRef<Reply<List<ProcessResult>>> replyTo)
            implements Request<List<ProcessResult>> {
    }

    /** {@code stopAllProcesses(wait)}: signals every running process in one pass (ascending priority). */
    public record StopAllProcesses(boolean waitFor, ActorRef<Reply<List<ProcessResult>>> replyTo)
            implements Request<List<ProcessResult>> {
    }

    /**
     * Drover extension (supervisorctl does stop then start itself): stop if running (waiting for it), then start.
     * Faults as {@link StartProcess}.
     */
    public record RestartProcess(String name, boolean waitFor, ActorRef<Reply<ActionResult>> replyTo)
            implements Request<ActionResult> {
    }

    /** Drover extension: restart every process of a group. */
    public record RestartProcessGroup(String name, boolean waitFor, ActorRef<Reply<List<ProcessResult>>> replyTo)
            implements Request<List<ProcessResult>> {
    }

    /** Drover extension: restart every process. */
    public record RestartAllProcesses(boolean waitFor, ActorRef<Reply<List<ProcessResult>>> replyTo)
            implements Request<List<ProcessResult>> {
    }

    /**
     * {@code signalProcess(name, signal)}: signal by name ({@code HUP}, {@code SIGHUP}) or number ({@code 1}).
     * BAD_NAME first, then BAD_SIGNAL (the signal as given), NOT_RUNNING unless STARTING/RUNNING/STOPPING.
     * {@code group:*} as {@link SignalProcessGroup}.
     */
    public record SignalProcess(String name, String signal, ActorRef<Reply<ActionResult>> replyTo)
            implements Request<ActionResult> {
    }

    /** {@code signalProcessGroup(name, signal)}: every signallable process of the group. */
    public record SignalProcessGroup(String name, String signal, ActorRef<Reply<List<ProcessResult>>> replyTo)
            implements Request<List<ProcessResult>> {
    }

    /** {@code signalAllProcesses(signal)}: every signallable process. */
    public record SignalAllProcesses(String signal, ActorRef<Reply<List<ProcessResult>>> replyTo)
            implements Request<List<ProcessResult>> {
    }

    // ---- from the runtime ---------------------------------------------------------------------------------------

    /**
     * A signal the daemon received: TERM/INT/QUIT shut down, HUP restarts (stop all, reread, start), USR2 reopens
     * the logs; others are logged and ignored.
     */
    public record DaemonSignal(int number) implements Command {
    }

    /**
     * Starts the autostart processes (in priority order) of a node created with deferred autostart: the runtime
     * sends it once the pidfile is written and the servers listen, as supervisord's first tick comes after both.
     */
    public enum BeginAutostart implements Command { INSTANCE }

    // ---- private messages ---------------------------------------------------------------------------------------

    private record ProcessReport(ProcessActor.Outcome outcome) implements Command {
    }

    private record StatusChanged(ProcessStatus status) implements Command {
    }

    private record GroupStoppedMsg(GroupActor.GroupStopped stopped) implements Command {
    }

    private enum ShutdownReportDue implements Command { INSTANCE }

    /** A shutdown or restart found no group to stop. */
    private enum NothingToStop implements Command { INSTANCE }

    private record Reread(SupervisorConfig config, Throwable failure, ActorRef<Reply<ConfigChanges>> replyTo)
            implements Command {
    }

    private record RestartConfigRead(SupervisorConfig config, Throwable failure) implements Command {
    }

    private static final Duration SHUTDOWN_REPORT_INTERVAL = Duration.ofSeconds(3);

    /** One active process: its config, resolved logs and the latest status its actor reported. */
    private static final class ProcessEntry {
        final ProcessSpec spec;
        final ProcessLogs logs;
        ProcessStatus status;

        ProcessEntry(ProcessSpec spec, ProcessLogs logs) {
            this.spec = spec;
            this.logs = logs;
            this.status = ProcessStatus.initial(spec.group(), spec.name());
        }

        /** {@code group:name}, a unique key. */
        String namespec() {
            return spec.group() + ":" + spec.name();
        }

        /**
         * supervisord's make_namespec, the name group and all-process calls give each process (and so their faults'
         * text): the bare name when group and process are named alike, else {@code group:name}.
         */
        String displayName() {
            return spec.group().equals(spec.name()) ? spec.name() : namespec();
        }
    }

    /** One active group. */
    private record GroupEntry(GroupSpec spec, ActorRef<GroupActor.Command> ref, Map<String, ProcessEntry> processes) {
    }

    private final ActorContext<Command> ctx;
    private final TimerScheduler<Command> timers;
    private final NodeSettings settings;
    private final Runnable restartElsewhere;
    private final MainLog log;
    private final ActorRef<ProcessActor.Outcome> outcomes;
    private final ActorRef<ProcessStatus> statuses;
    private final ActorRef<GroupActor.GroupStopped> groupStops;
    private final io.drover.node.events.NodeEvents events;
    /** Active groups in the order they were added (supervisord's process_groups dict order). */
    private final Map<String, GroupEntry> groups = new LinkedHashMap<>();
    /** What getProcessInfo/getAllProcessInfo read without asking (kept in step with {@link #groups}). */
    private final ProcessTable table;
    private final Map<Long, Consumer<ProcessActor.Outcome>> pending = new HashMap<>();
    /** The process each {@link #pending} command went to: a group removed meanwhile answers for it. */
    private final Map<Long, ProcessEntry> pendingTarget = new HashMap<>();
    private SupervisorConfig active;
    private NodeServices services;
    private SupervisorConfig servicesFor;
    private SupervisorConfig lastRead;
    /** The log files each group spec (by identity) was built with: what getAllConfigInfo names for AUTO logs. */
    private final Map<GroupSpec, Map<String, ProcessLogs>> resolvedLogs = new IdentityHashMap<>();
    private SupervisorState mood = SupervisorState.RUNNING;
    private final Deque<GroupEntry> stopQueue = new ArrayDeque<>();
    private long nextId;
    private int groupSerial;

    /**
     * The node's root behavior: activates every group of {@code config} and starts the autostart processes in
     * priority order. Stops itself (terminating the actor system when it is the guardian) after a shutdown.
     */
    public static Behavior<Command> create(SupervisorConfig config, NodeSettings settings) {
        return create(config, settings, false);
    }

    /**
     * @param deferAutostart activate the groups but wait for {@link BeginAutostart} before spawning anything
     */
    public static Behavior<Command> create(SupervisorConfig config, NodeSettings settings, boolean deferAutostart) {
        return create(config, settings, deferAutostart, new ProcessTable());
    }

    /** A node that restarts in place, keeping {@code table} up to date. */
    public static Behavior<Command> create(SupervisorConfig config, NodeSettings settings, boolean deferAutostart,
                                           ProcessTable table) {
        return create(config, settings, deferAutostart, table, null);
    }

    /**
     * @param deferAutostart   activate the groups but wait for {@link BeginAutostart} before spawning anything
     * @param table            kept up to date with every process's status, for readers on other threads
     * @param restartElsewhere when not null, a restart (SIGHUP, {@code supervisor.restart}) stops every group, runs
     *                         this and stops the node, so that its owner rebuilds everything from the file (the
     *                         daemon's log, HTTP servers and pidfile too, as supervisord does); when null the node
     *                         reads the config again and starts anew in place
     */
    public static Behavior<Command> create(SupervisorConfig config, NodeSettings settings, boolean deferAutostart,
                                           ProcessTable table, Runnable restartElsewhere) {
        // A bug in one handler must not take the daemon (and with it every child) down: resume, keep the state.
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> Behaviors.withTimers(
                        timers -> new NodeSupervisor(ctx, timers, config, settings, deferAutostart, table,
                                restartElsewhere))))
                .onFailure(Exception.class, SupervisorStrategy.resume());
    }

    private NodeSupervisor(ActorContext<Command> ctx, TimerScheduler<Command> timers, SupervisorConfig config,
                           NodeSettings settings, boolean deferAutostart, ProcessTable table,
                           Runnable restartElsewhere) {
        super(ctx);
        this.table = table;
        this.ctx = ctx;
        this.timers = timers;
        this.settings = settings;
        this.restartElsewhere = restartElsewhere;
        this.log = settings.log();
        this.outcomes = ctx.messageAdapter(ProcessActor.Outcome.class, ProcessReport::new);
        this.statuses = ctx.messageAdapter(ProcessStatus.class, StatusChanged::new);
        this.groupStops = ctx.messageAdapter(GroupActor.GroupStopped.class, GroupStoppedMsg::new);
        this.events = io.drover.node.events.NodeEvents.start(ctx, log, settings.eventSerial());
        activate(config, !deferAutostart);
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Request.class, this::onRequest)
                .onMessage(DaemonSignal.class, this::onDaemonSignal)
                .onMessageEquals(BeginAutostart.INSTANCE, this::onBeginAutostart)
                .onMessage(ProcessReport.class, this::onProcessReport)
                .onMessage(StatusChanged.class, this::onStatusChanged)
                .onMessage(GroupStoppedMsg.class, this::onGroupStopped)
                .onMessageEquals(ShutdownReportDue.INSTANCE, this::onShutdownReportDue)
                .onMessageEquals(NothingToStop.INSTANCE, this::allGroupsStopped)
                .onMessage(Reread.class, this::onReread)
                .onMessage(RestartConfigRead.class, this::onRestartConfigRead)
                .build();
    }

    // ---- activation -----------------------------------------------------------------------------------------

    /** Creates every group of the config and autostarts (a fresh daemon, or after a restart). */
    private void activate(SupervisorConfig config, boolean autostartNow) {
        this.active = config;
        this.lastRead = config;
        table.daemon(config.daemon());
        events.serverIdentifier(config.daemon().identifier());
        resolvedLogs.clear();
        this.mood = SupervisorState.RUNNING;
        table.running(true);
        List<ProcessEntry> all = new ArrayList<>();
        events.webhooks(config);
        for (GroupSpec g : byPriority(config.groups())) {
            all.addAll(addGroup(g, config.daemon()).processes().values());
        }
        publishMembers();
        events.supervisorRunning();
        if (autostartNow) {
            autostart(all);
        }
    }

    /**
     * @param read {@code [supervisord]} of the read the group comes from: supervisord merges its environment into
     *             each process's config when it parses, and a reread sets its childlogdir and identifier, which
     *             name a new group's AUTO logs; a group added after a reread runs with the new values
     */
    private GroupEntry addGroup(GroupSpec g, DaemonSettings read) {
        Map<String, ProcessEntry> procs = new LinkedHashMap<>();
        Map<String, ProcessLogs> logs = new HashMap<>();
        // re-adding a removed group from the same read keeps its AUTO files, as supervisord's config object does
        Map<String, ProcessLogs> earlier = resolvedLogs.getOrDefault(g, Map.of());
        for (ProcessSpec p : g.processes()) {
            ProcessLogs pl = earlier.containsKey(p.name()) ? earlier.get(p.name())
                    : ChildLogFiles.resolve(p, read, log);
            logs.put(p.name(), pl);
            procs.put(p.name(), new ProcessEntry(p, pl));
        }
        // Immutable maps: a one-process group (the usual [program:x]) holds two one-entry maps, not two hash tables.
        logs = Map.copyOf(logs);
        ActorRef<GroupActor.Command> ref = ctx.spawn(
                GroupActor.create(g, logs, services(read.environment()), FcgiSockets.of(g, log)),
                "g" + (groupSerial++) + "-" + safe(g.name()));
        GroupEntry entry = new GroupEntry(g, ref, procs.size() <= 1 ? Map.copyOf(procs) : procs);
        groups.put(g.name(), entry);
        resolvedLogs.put(g, logs);
        events.groupAdded(g);
        return entry;
    }

    /** One NodeServices for the groups of the active config with the same {@code [supervisord] environment}. */
    private NodeServices services(Map<String, String> supervisordEnvironment) {
        if (servicesFor != active || !services.supervisordEnvironment().equals(supervisordEnvironment)) {
            services = new NodeServices(settings.launcher(), log, settings.daemonEnvironment(),
                    supervisordEnvironment, defaultServerUrl(active), settings.sinks(), statuses, events.bus());
            servicesFor = active;
        }
        return services;
    }

    /** supervisord's fallback SUPERVISOR_SERVER_URL: the unix socket if any, else the inet server. */
    static Optional<String> defaultServerUrl(SupervisorConfig config) {
        if (config.unixServer().isPresent()) {
            return Optional.of("unix://" + config.unixServer().get().file());
        }
        return config.inetServer().map(s -> "http://" + (s.host().isEmpty() ? "localhost" : s.host()) + ":"
                + s.port());
    }

    /**
     * Spawns the autostart processes in the pass's order, one after another (each spawn done before the next), as
     * supervisord's tick does: its {@code spawned:} lines, STARTING events and pids come in that order.
     */
    private void autostart(List<ProcessEntry> order) {
        autostart(order, () -> { });
    }

    /** @param passDone run once every process of the pass has settled (RUNNING at startsecs=0, or given up) */
    private void autostart(List<ProcessEntry> order, Runnable passDone) {
        // Then once more in the pass's order, so that their success:/gave up: lines come in that order too.
        sequence(order, 0, (e, id) -> new ProcessActor.Autostart(id, outcomes), o -> { }, false,
                () -> sequence(order, 0, (e, id) -> new ProcessActor.AutostartPassDone(id, outcomes), o -> { },
                        false, passDone));
    }

    /**
     * Sends {@code make} to each process in turn, the next once the previous reported {@link
     * ProcessActor.Attempted}; every other outcome goes to {@code onOutcome}.
     */
    private void sequence(List<ProcessEntry> order, int index, BiFunction<ProcessEntry, Long, ProcessActor.Command> make,
                          Consumer<ProcessActor.Outcome> onOutcome, boolean expectFinished) {
        sequence(order, index, make, onOutcome, expectFinished, () -> { });
    }

    /** @param attempted run once the last process has reported {@link ProcessActor.Attempted} */
    private void sequence(List<ProcessEntry> order, int index, BiFunction<ProcessEntry, Long, ProcessActor.Command> make,
                          Consumer<ProcessActor.Outcome> onOutcome, boolean expectFinished, Runnable attempted) {
        if (index >= order.size()) {
            attempted.run();
            return;
        }
        ProcessEntry e = order.get(index);
        if (!groups.containsKey(e.spec.group())) {
            sequence(order, index + 1, make, onOutcome, expectFinished, attempted);
            return;
        }
        boolean[] advanced = {false};
        send(e, id -> make.apply(e, id), o -> {
            if (o instanceof ProcessActor.Attempted) {
                if (!advanced[0]) {
                    advanced[0] = true;
                    sequence(order, index + 1, make, onOutcome, expectFinished, attempted);
                }
            } else {
                onOutcome.accept(o);
            }
        }, expectFinished);
    }

    /**
     * Sends one command to a process and registers what to do with its outcomes.
     *
     * @param untilFinished keep the registration until a {@link ProcessActor.Finished} (else the first outcome)
     */
    private void send(ProcessEntry e, java.util.function.LongFunction<ProcessActor.Command> make,
                      Consumer<ProcessActor.Outcome> handler, boolean untilFinished) {
        long id = ++nextId;
        pending.put(id, untilFinished ? handler : o -> {
            pending.remove(o.id());
            handler.accept(o);
        });
        GroupEntry g = groups.get(e.spec.group());
        if (g == null) {
            answerForGone(id, e);
            return;
        }
        pendingTarget.put(id, e);
        g.ref().tell(new GroupActor.ToProcess(e.spec.name(), make.apply(id)));
    }

    /**
     * The process's group was removed (before the command was sent, or with it in the stopped group's mailbox):
     * answer as the process would have, so no caller waits forever and a pass (autostart, stop) goes on.
     */
    private void answerForGone(long id, ProcessEntry e) {
        onProcessReport(new ProcessReport(new ProcessActor.Attempted(id)));
        onProcessReport(new ProcessReport(new ProcessActor.Finished(id, e.spec.group(), e.spec.name(),
                Optional.of(Fault.of(Fault.BAD_NAME, e.displayName())), true)));
    }

    /** Answers every command still pending at a group that is being removed. */
    private void answerPendingOf(String group) {
        List<Map.Entry<Long, ProcessEntry>> gone = pendingTarget.entrySet().stream()
                .filter(t -> t.getValue().spec.group().equals(group)).sorted(Map.Entry.comparingByKey()).toList();
        for (Map.Entry<Long, ProcessEntry> t : gone) {
            answerForGone(t.getKey(), t.getValue());
        }
    }

    private Behavior<Command> onBeginAutostart() {
        if (mood == SupervisorState.RUNNING) {
            autostart(allInConfigOrder());
        }
        return this;
    }

    private Behavior<Command> onProcessReport(ProcessReport m) {
        ProcessActor.Outcome o = m.outcome();
        Consumer<ProcessActor.Outcome> handler = o instanceof ProcessActor.Finished ? pending.remove(o.id())
                : pending.get(o.id());
        if (handler != null) {
            handler.accept(o);
        }
        if (!pending.containsKey(o.id())) {
            pendingTarget.remove(o.id());
        }
        return this;
    }

    private Behavior<Command> onStatusChanged(StatusChanged m) {
        ProcessStatus s = m.status();
        GroupEntry g = groups.get(s.group());
        if (g != null) {
            ProcessEntry e = g.processes().get(s.name());
            if (e != null) {
                e.status = s;
                table.update(e.spec.group(), e.spec.name(), s, e.logs);
            }
        }
        settings.statusObserver().accept(s);
        return this;
    }

    // ---- requests -------------------------------------------------------------------------------------------

    @SuppressWarnings({"rawtypes", "unchecked"})
    private Behavior<Command> onRequest(Request r) {
        if (mood != SupervisorState.RUNNING) {
            r.replyTo().tell(Reply.fault(Fault.of(Fault.SHUTDOWN_STATE)));
            return this;
        }
        try {
            handle(r);
        } catch (RuntimeException e) {
            // A client's request must never take the node down.
            log.error("failed to handle " + r.getClass().getSimpleName() + ": " + e);
            r.replyTo().tell(Reply.fault(Fault.of(Fault.FAILED, String.valueOf(e.getMessage()))));
        }
        return this;
    }

    private void handle(Request<?> r) {
        if (r instanceof GetState m) {
            m.replyTo().tell(Reply.ok(mood));
        } else if (r instanceof GetProcessInfo m) {
            onGetProcessInfo(m);
        } else if (r instanceof GetAllProcessInfo m) {
            onGetAllProcessInfo(m);
        } else if (r instanceof GetLogPaths m) {
            onGetLogPaths(m);
        } else if (r instanceof StartProcess m) {
            onStartProcess(m);
        } else if (r instanceof StartProcessGroup m) {
            withGroup(m.name(), m.replyTo(), g -> startEach(processesOf(g), m.waitFor(), results(m.replyTo())));
        } else if (r instanceof StartAllProcesses m) {
            startEach(allByPriority(), m.waitFor(), results(m.replyTo()));
        } else if (r instanceof StopProcess m) {
            onStopProcess(m);
        } else if (r instanceof StopProcessGroup m) {
            withGroup(m.name(), m.replyTo(), g -> stopEach(processesOf(g), m.waitFor(), results(m.replyTo())));
        } else if (r instanceof StopAllProcesses m) {
            stopEach(allByPriority(), m.waitFor(), results(m.replyTo()));
        } else if (r instanceof RestartProcess m) {
            onRestartProcess(m);
        } else if (r instanceof RestartProcessGroup m) {
            withGroup(m.name(), m.replyTo(), g -> restartEach(processesOf(g), m.waitFor(), results(m.replyTo())));
        } else if (r instanceof RestartAllProcesses m) {
            restartEach(allByPriority(), m.waitFor(), results(m.replyTo()));
        } else if (r instanceof SignalProcess m) {
            onSignalProcess(m);
        } else if (r instanceof SignalProcessGroup m) {
            withGroup(m.name(), m.replyTo(), g -> signalEach(processesOf(g), m.signal(), results(m.replyTo())));
        } else if (r instanceof SignalAllProcesses m) {
            signalEach(allByPriority(), m.signal(), results(m.replyTo()));
        } else if (r instanceof SendProcessStdin m) {
            withProcess(m.name(), m.replyTo(), e -> send(e,
                    id -> new ProcessActor.WriteStdin(id, m.name(), m.data(), outcomes),
                    o -> m.replyTo().tell(toBoolean(o)), true));
        } else if (r instanceof SendRemoteCommEvent m) {
            events.publish(io.drover.node.events.Event.remoteCommunication(m.type(), m.data()));
            m.replyTo().tell(Reply.ok(true));
        } else if (r instanceof ClearProcessLogs m) {
            withProcess(m.name(), m.replyTo(), e -> send(e,
                    id -> new ProcessActor.ClearLogs(id, m.name(), outcomes),
                    o -> m.replyTo().tell(toBoolean(o)), true));
        } else if (r instanceof ClearAllProcessLogs m) {
            each(allByPriority(), (e, id) -> new ProcessActor.ClearLogs(id, e.displayName(), outcomes), results(m.replyTo()));
        } else if (r instanceof ReloadConfig m) {
            onReloadConfig(m);
        } else if (r instanceof AddProcessGroup m) {
            onAddProcessGroup(m);
        } else if (r instanceof RemoveProcessGroup m) {
            onRemoveProcessGroup(m);
        } else if (r instanceof GetAllConfigInfo m) {
            onGetAllConfigInfo(m);
        } else if (r instanceof ClearMainLog m) {
            onClearMainLog(m);
        } else if (r instanceof ReopenLogs m) {
            reopenLogs();
            m.replyTo().tell(Reply.ok(true));
        } else if (r instanceof Shutdown m) {
            m.replyTo().tell(Reply.ok(true));
            beginStopping(SupervisorState.SHUTDOWN);
        } else if (r instanceof Restart m) {
            m.replyTo().tell(Reply.ok(true));
            beginStopping(SupervisorState.RESTARTING);
        }
    }

    private void onGetProcessInfo(GetProcessInfo m) {
        withProcess(m.name(), m.replyTo(), e -> m.replyTo().tell(Reply.ok(info(e, System.currentTimeMillis()))));
    }

    private void onGetAllProcessInfo(GetAllProcessInfo m) {
        long now = System.currentTimeMillis();
        List<ProcessInfo> out = new ArrayList<>();
        List<String> names = new ArrayList<>(groups.keySet());
        Collections.sort(names);
        for (String gname : names) {
            List<String> pnames = new ArrayList<>(groups.get(gname).processes().keySet());
            Collections.sort(pnames);
            for (String pname : pnames) {
                out.add(info(groups.get(gname).processes().get(pname), now));
            }
        }
        m.replyTo().tell(Reply.ok(out));
    }

    private void onGetLogPaths(GetLogPaths m) {
        withProcess(m.name(), m.replyTo(), e -> m.replyTo().tell(Reply.ok(
                new LogPaths(e.spec.group(), e.spec.name(), e.logs.stdout(), e.logs.stderr()))));
    }

    private void onStartProcess(StartProcess m) {
        withTarget(m.name(), m.replyTo(),
                g -> startEach(processesOf(g), m.waitFor(), perProcess(m.replyTo())),
                e -> sequence(List.of(e), 0,
                        (p, id) -> new ProcessActor.Start(id, m.name(), m.waitFor(), outcomes),
                        o -> m.replyTo().tell(toAction(o)), true));
    }

    private void onStopProcess(StopProcess m) {
        withTarget(m.name(), m.replyTo(),
                g -> stopEach(processesOf(g), m.waitFor(), perProcess(m.replyTo())),
                e -> send(e, id -> new ProcessActor.Stop(id, m.name(), m.waitFor(), outcomes),
                        o -> m.replyTo().tell(toAction(o)), true));
    }

    private void onRestartProcess(RestartProcess m) {
        withTarget(m.name(), m.replyTo(),
                g -> restartEach(processesOf(g), m.waitFor(), perProcess(m.replyTo())),
                e -> restartOne(e, m.name(), m.waitFor(), o -> m.replyTo().tell(toAction(o))));
    }

    private void onSignalProcess(SignalProcess m) {
        withTarget(m.name(), m.replyTo(),
                g -> signalEach(processesOf(g), m.signal(), perProcess(m.replyTo())),
                e -> {
                    OptionalInt sig = parseSignal(m.signal());
                    if (sig.isEmpty()) {
                        m.replyTo().tell(Reply.fault(Fault.of(Fault.BAD_SIGNAL, m.signal())));
                        return;
                    }
                    send(e, id -> new ProcessActor.SendSignal(id, m.name(), sig.getAsInt(), outcomes),
                            o -> m.replyTo().tell(toAction(o)), true);
                });
    }

    /** startProcessGroup / startAllProcesses: the not-running ones, spawned one after another. */
    private void startEach(List<ProcessEntry> targets, boolean waitFor, Consumer<List<ProcessResult>> to) {
        List<ProcessEntry> chosen = targets.stream().filter(e -> !e.status.state().isRunning()).toList();
        Collector c = new Collector(chosen, to);
        sequence(chosen, 0, (e, id) -> new ProcessActor.Start(id, e.displayName(), waitFor, outcomes), c::add, true);
    }

    /**
     * stopProcessGroup / stopAllProcesses: every running one, signalled in one pass. The table may lag behind an
     * actor (an autorestart turns EXITED into STARTING inside the actor before the table hears of it), so every
     * process is asked; one the table did not show running is left out of the results when it answers NOT_RUNNING,
     * as supervisord leaves out the processes that were not running.
     */
    private void stopEach(List<ProcessEntry> targets, boolean waitFor, Consumer<List<ProcessResult>> to) {
        Set<String> maybe = new HashSet<>();
        targets.stream().filter(e -> !e.status.state().isRunning()).forEach(e -> maybe.add(e.namespec()));
        Collector c = new Collector(targets, maybe, to);
        if (waitFor) {
            // supervisord signals the whole pass, then polls each waiting call once, in order: one line per
            // process it stopped. Logged here, before the signals, so that no fast-dying child's 'stopped:' line
            // comes first (a BACKOFF process stops at once, without a line).
            for (ProcessEntry e : targets) {
                if (e.status.state() == ProcessState.RUNNING || e.status.state() == ProcessState.STARTING) {
                    log.info("waiting for " + e.spec.name() + " to stop");
                }
            }
        }
        for (ProcessEntry e : targets) {
            send(e, id -> new ProcessActor.Stop(id, e.displayName(), waitFor, outcomes, true), c::add, true);
        }
    }

    /** signalProcessGroup / signalAllProcesses: every signallable one. */
    private void signalEach(List<ProcessEntry> targets, String signal, Consumer<List<ProcessResult>> to) {
        List<ProcessEntry> chosen = targets.stream().filter(e -> e.status.state().isSignallable()).toList();
        OptionalInt sig = parseSignal(signal);
        if (sig.isEmpty()) {
            to.accept(chosen.stream().map(e -> ProcessResult.failed(e.spec.group(), e.spec.name(),
                    Fault.of(Fault.BAD_SIGNAL, signal))).toList());
            return;
        }
        each(chosen, (e, id) -> new ProcessActor.SendSignal(id, e.displayName(), sig.getAsInt(), outcomes), to);
    }

    private void restartEach(List<ProcessEntry> targets, boolean waitFor, Consumer<List<ProcessResult>> to) {
        Collector c = new Collector(targets, to);
        for (ProcessEntry e : targets) {
            restartOne(e, e.displayName(), waitFor, c::add);
        }
    }

    /** Stop (waiting) if running, then start. */
    private void restartOne(ProcessEntry e, String displayName, boolean waitFor, Consumer<ProcessActor.Outcome> done) {
        send(e, id -> new ProcessActor.Stop(id, displayName, true, outcomes), stopped -> {
            if (groups.containsKey(e.spec.group())) {
                sequence(List.of(e), 0, (p, id) -> new ProcessActor.Start(id, displayName, waitFor, outcomes), done,
                        true);
            }
        }, true);
    }

    /** Sends to every target at once and answers with the results in completion order. */
    private void each(List<ProcessEntry> targets, BiFunction<ProcessEntry, Long, ProcessActor.Command> make,
                      Consumer<List<ProcessResult>> to) {
        Collector c = new Collector(targets, to);
        for (ProcessEntry e : targets) {
            send(e, id -> make.apply(e, id), c::add, true);
        }
    }

    /**
     * Gathers the per-process results of a group/all call in supervisord's order: first, in process (priority)
     * order, those its first pass over the processes got at once (a refusal such as NO_FILE, a start without
     * waiting or at startsecs=0, a signal); then the waiting ones, which it polls in process order every 50 ms, so
     * in completion order with near-simultaneous ones (same 100 ms slice here) in process order. supervisorctl's
     * exit status is the last result's.
     */
    private static final class Collector {
        private static final long SLICE_NANOS = 100_000_000L;

        /** {@code slice} -1: answered at once. */
        private record Done(long slice, int index, ProcessResult result) {
        }

        private final Map<String, Integer> order = new HashMap<>();
        /** Targets whose NOT_RUNNING answer is left out of the results. */
        private final Set<String> optional;
        private final Consumer<List<ProcessResult>> to;
        private final List<Done> results = new ArrayList<>();
        private final long started = System.nanoTime();
        private int answered;

        Collector(List<ProcessEntry> targets, Consumer<List<ProcessResult>> to) {
            this(targets, Set.of(), to);
        }

        Collector(List<ProcessEntry> targets, Set<String> optional, Consumer<List<ProcessResult>> to) {
            for (int i = 0; i < targets.size(); i++) {
                order.put(targets.get(i).namespec(), i);
            }
            this.optional = optional;
            this.to = to;
            if (targets.isEmpty()) {
                to.accept(List.of());
            }
        }

        void add(ProcessActor.Outcome o) {
            if (o instanceof ProcessActor.Finished f) {
                answered++;
                String namespec = f.group() + ":" + f.name();
                boolean leftOut = optional.contains(namespec)
                        && f.fault().map(x -> x.code() == Fault.NOT_RUNNING).orElse(false);
                ProcessResult r = f.fault().map(x -> ProcessResult.failed(f.group(), f.name(), x))
                        .orElseGet(() -> ProcessResult.ok(f.group(), f.name()));
                if (!leftOut) {
                    results.add(new Done(f.atOnce() ? -1 : (System.nanoTime() - started) / SLICE_NANOS,
                            order.getOrDefault(namespec, Integer.MAX_VALUE), r));
                }
                if (answered == order.size()) {
                    results.sort(Comparator.comparingLong(Done::slice).thenComparingInt(Done::index));
                    to.accept(results.stream().map(Done::result).toList());
                }
            }
        }
    }

    /** Reading the file happens off the actor (a blocking-I/O dispatcher); the answer comes as {@link Reread}. */
    private void onReloadConfig(ReloadConfig m) {
        ctx.pipeToSelf(readConfig(false), (cfg, failure) -> new Reread(cfg, failure, m.replyTo()));
    }

    private Behavior<Command> onReread(Reread m) {
        if (m.failure() != null) {
            Throwable cause = m.failure() instanceof CompletionException c && c.getCause() != null
                    ? c.getCause() : m.failure();
            // clients compare the fault string with supervisord's, which names no line
            String why = cause instanceof ConfigError ce ? ce.supervisordMessage() : reason(cause);
            m.replyTo().tell(Reply.fault(Fault.of(Fault.CANT_REREAD, why)));
        } else if (mood != SupervisorState.RUNNING) {
            m.replyTo().tell(Reply.fault(Fault.of(Fault.SHUTDOWN_STATE)));
        } else {
            lastRead = m.config();
            // supervisord's reloadConfig sets its options from [supervisord] at once (identifier, logfile, ...)
            table.daemon(lastRead.daemon());
            events.serverIdentifier(lastRead.daemon().identifier());
            // only specs still readable through lastRead or still running can be reported again
            resolvedLogs.keySet().retainAll(liveSpecs());
            // Webhooks are no groups that update could add or remove: a successful reread applies them.
            events.webhooks(m.config());
            m.replyTo().tell(Reply.ok(diff(m.config())));
        }
        return this;
    }

    /** Loads the config file (and, for a restart, clears old AUTO logs) on the blocking-I/O dispatcher. */
    private CompletionStage<SupervisorConfig> readConfig(boolean forRestart) {
        ConfigSource source = settings.configSource();
        MainLog daemonLog = log;
        return CompletableFuture.supplyAsync(() -> {
            SupervisorConfig fresh;
            try {
                fresh = source.load();
            } catch (Exception e) {
                throw new CompletionException(e);
            }
            if (forRestart && !fresh.daemon().nocleanup()) {
                // Each start of supervisord's main loop clears old AUTO logs, a restart's too.
                AutoLogCleaner.clean(fresh.daemon().childlogdir(), fresh.daemon().identifier(), daemonLog::warn);
            }
            return fresh;
        }, ctx.getSystem().dispatchers().lookup(DispatcherSelector.blocking()));
    }

    private static String reason(Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        return String.valueOf(cause.getMessage());
    }

    private Set<GroupSpec> liveSpecs() {
        Set<GroupSpec> live = Collections.newSetFromMap(new IdentityHashMap<>());
        live.addAll(lastRead.groups());
        groups.values().forEach(e -> live.add(e.spec()));
        return live;
    }

    /** supervisord's {@code diff_to_active}: the read config's groups against the running ones. */
    private ConfigChanges diff(SupervisorConfig fresh) {
        List<GroupSpec> running = byPriority(groups.values().stream().map(GroupEntry::spec).toList());
        SupervisorConfig current = active.withGroups(running);
        ConfigDiff d = ConfigDiff.between(current, fresh);
        return new ConfigChanges(d.added(), d.changed(), d.removed());
    }

    private void onAddProcessGroup(AddProcessGroup m) {
        Optional<GroupSpec> g = lastRead.group(m.name());
        if (g.isEmpty()) {
            m.replyTo().tell(Reply.fault(Fault.of(Fault.BAD_NAME, m.name())));
        } else if (groups.containsKey(m.name())) {
            m.replyTo().tell(Reply.fault(Fault.of(Fault.ALREADY_ADDED, m.name())));
        } else {
            GroupEntry entry = addGroup(g.get(), lastRead.daemon());
            publishMembers();
            // supervisord spawns a new group on its next tick, before it reads the client's next request (the
            // next group of an `update`): answer once this group's autostart pass is done
            autostart(new ArrayList<>(entry.processes().values()), () -> m.replyTo().tell(Reply.ok(true)));
        }
    }

    private void onRemoveProcessGroup(RemoveProcessGroup m) {
        GroupEntry g = groups.get(m.name());
        if (g == null) {
            m.replyTo().tell(Reply.fault(Fault.of(Fault.BAD_NAME, m.name())));
        } else if (g.processes().values().stream().anyMatch(e -> !e.status.state().isStopped())) {
            m.replyTo().tell(Reply.fault(Fault.of(Fault.STILL_RUNNING, m.name())));
        } else {
            groups.remove(m.name());
            publishMembers();
            ctx.stop(g.ref());
            answerPendingOf(m.name());
            events.groupRemoved(m.name());
            m.replyTo().tell(Reply.ok(true));
        }
    }

    private void onGetAllConfigInfo(GetAllConfigInfo m) {
        List<ConfigInfo> out = new ArrayList<>();
        for (GroupSpec g : lastRead.groups()) {
            boolean inUse = groups.containsKey(g.name());
            // supervisord reports the config objects of its last read: an AUTO log has its file name only in a
            // config a group was built from (even one removed since), a re-read shows "auto" until it is added
            Map<String, ProcessLogs> built = resolvedLogs.getOrDefault(g, Map.of());
            for (ProcessSpec p : g.processes()) {
                ProcessLogs logs = built.getOrDefault(p.name(), ChildLogFiles.declared(p));
                out.add(new ConfigInfo(p, g.priority(), inUse, logs.stdout(), logs.stderr()));
            }
        }
        out.sort(Comparator.comparing(ci -> ci.spec().name()));
        m.replyTo().tell(Reply.ok(out));
    }

    private void onClearMainLog(ClearMainLog m) {
        // supervisord acts on the logfile a reread set (its options), though it keeps writing the one it opened:
        // NO_FILE unless that file exists, else it removes it and reopens (appends to) the open one
        LogTarget read = lastRead.daemon().logfile();
        if (!read.equals(active.daemon().logfile())) {
            if (!(read instanceof LogTarget.File f) || !java.nio.file.Files.exists(f.path())) {
                m.replyTo().tell(Reply.fault(Fault.of(Fault.NO_FILE)));
                return;
            }
            try {
                java.nio.file.Files.delete(f.path());
                if (log.hasFile()) {
                    // one line per handler that can reopen: the console's (with -n) and the file's, both kept here
                    if (log.echoesToConsole()) {
                        log.info("reopening log file");
                    }
                    log.info("reopening log file");
                    log.reopen();
                }
                m.replyTo().tell(Reply.ok(true));
            } catch (IOException e) {
                m.replyTo().tell(Reply.fault(Fault.of(Fault.FAILED)));
            }
            return;
        }
        try {
            // supervisord logs this line before it reopens, so the new file starts empty; one line per handler
            // that can reopen (the console's with -n, then the file's), as in the branch above
            if (log.hasFile()) {
                if (log.echoesToConsole()) {
                    log.info("reopening log file");
                }
                log.info("reopening log file");
            }
            if (!log.clear()) {
                m.replyTo().tell(Reply.fault(Fault.of(Fault.NO_FILE)));
                return;
            }
            m.replyTo().tell(Reply.ok(true));
        } catch (IOException e) {
            m.replyTo().tell(Reply.fault(Fault.of(Fault.FAILED)));
        }
    }

    private void reopenLogs() {
        log.info("supervisord logreopen");
        try {
            log.reopen();
        } catch (IOException e) {
            log.error("could not reopen the log: " + e.getMessage());
        }
        groups.values().forEach(g -> g.ref().tell(new GroupActor.ToAll(ProcessActor.ReopenLogs.INSTANCE)));
    }

    // ---- signals, shutdown, restart -------------------------------------------------------------------------

    private Behavior<Command> onDaemonSignal(DaemonSignal m) {
        String name = Signal.byNumber(m.number()).map(Signal::signame).orElse("signal " + m.number());
        switch (m.number()) {
            case 15, 2, 3 -> {
                log.warn("received " + name + " indicating exit request");
                if (mood != SupervisorState.SHUTDOWN) {
                    beginStopping(SupervisorState.SHUTDOWN);
                }
            }
            case 1 -> {
                if (mood == SupervisorState.SHUTDOWN) {
                    log.warn("ignored " + name + " indicating restart request (shutdown in progress)");
                } else {
                    log.warn("received " + name + " indicating restart request");
                    beginStopping(SupervisorState.RESTARTING);
                }
            }
            case 12 -> {
                log.info("received " + name + " indicating log reopen request");
                reopenLogs();
            }
            default -> log.blather("received " + name + " indicating nothing");
        }
        return this;
    }

    /**
     * Shutdown and restart: no more spawns anywhere, then groups stop one at a time in descending priority (each
     * fully stopped before the next).
     */
    private void beginStopping(SupervisorState why) {
        boolean alreadyStopping = mood != SupervisorState.RUNNING;
        mood = why;
        table.running(false);
        if (alreadyStopping) {
            return;
        }
        events.supervisorStopping();
        groups.values().forEach(g -> g.ref().tell(new GroupActor.ToAll(ProcessActor.Quiesce.INSTANCE)));
        List<GroupSpec> order = byPriority(groups.values().stream().map(GroupEntry::spec).toList());
        stopQueue.clear();
        for (GroupSpec g : order) {
            stopQueue.push(groups.get(g.name()));
        }
        timers.startTimerWithFixedDelay(ShutdownReportDue.INSTANCE, ShutdownReportDue.INSTANCE,
                SHUTDOWN_REPORT_INTERVAL);
        if (stopQueue.isEmpty()) {
            // No group would ever report stopped: finish through a message, as a group would.
            ctx.getSelf().tell(NothingToStop.INSTANCE);
            return;
        }
        // supervisord reports right after its first stop pass, then every 3 seconds. Reported here, before the
        // signals, with the states that pass gives (so no fast-dying child's 'stopped:' line can come first).
        reportUnstopped(stopQueue.peek());
        stopNextGroup();
    }

    private void stopNextGroup() {
        GroupEntry next = stopQueue.peek();
        if (next != null) {
            next.ref().tell(new GroupActor.StopAll(groupStops));
        }
    }

    private Behavior<Command> onGroupStopped(GroupStoppedMsg m) {
        GroupEntry head = stopQueue.peek();
        if (head == null || !head.spec().name().equals(m.stopped().group())) {
            return this;
        }
        stopQueue.pop();
        if (!stopQueue.isEmpty()) {
            stopNextGroup();
            return this;
        }
        return allGroupsStopped();
    }

    private Behavior<Command> allGroupsStopped() {
        timers.cancel(ShutdownReportDue.INSTANCE);
        for (GroupEntry g : groups.values()) {
            ctx.stop(g.ref());
        }
        groups.clear();
        publishMembers();
        events.allGroupsGone();
        pending.clear();
        pendingTarget.clear();
        if (mood == SupervisorState.RESTARTING) {
            if (restartElsewhere != null) {
                restartElsewhere.run();
                return Behaviors.stopped();
            }
            return restart();
        }
        return Behaviors.stopped();
    }

    /** The daemon's in-process restart: same pid, config read again, everything started anew. */
    private Behavior<Command> restart() {
        ctx.pipeToSelf(readConfig(true), RestartConfigRead::new);
        return this;
    }

    private Behavior<Command> onRestartConfigRead(RestartConfigRead m) {
        if (m.failure() != null) {
            log.critical("could not reload the config: " + reason(m.failure()));
            return Behaviors.stopped();
        }
        if (mood == SupervisorState.SHUTDOWN) {
            // A SIGTERM arrived while the file was read: stay down.
            return Behaviors.stopped();
        }
        activate(m.config(), true);
        return this;
    }

    private Behavior<Command> onShutdownReportDue() {
        reportUnstopped(null);
        return this;
    }

    /**
     * @param beingStopped the group whose stop pass is about to begin: its RUNNING/STARTING processes count as
     *                     STOPPING, its BACKOFF ones as stopped (supervisord's stop moves them at once)
     */
    private void reportUnstopped(GroupEntry beingStopped) {
        List<String> names = new ArrayList<>();
        List<String> states = new ArrayList<>();
        for (GroupEntry g : groups.values()) {
            for (ProcessEntry e : g.processes().values()) {
                ProcessState state = e.status.state();
                if (g == beingStopped && state == ProcessState.BACKOFF) {
                    continue;
                }
                if (g == beingStopped && (state == ProcessState.RUNNING || state == ProcessState.STARTING)) {
                    state = ProcessState.STOPPING;
                }
                if (!state.isStopped()) {
                    names.add(e.spec.name());
                    states.add(e.spec.name() + " state: " + state.name());
                }
            }
        }
        if (!names.isEmpty()) {
            log.info("waiting for " + String.join(", ", names) + " to die");
            states.forEach(log::blather);
        }
    }

    // ---- names and lookups ----------------------------------------------------------------------------------

    /** Resolves a namespec to a process; a group-only name (or unknown name) is BAD_NAME. */
    private <T> void withProcess(String name, ActorRef<Reply<T>> to, Consumer<ProcessEntry> then) {
        withTarget(name, to, g -> to.tell(Reply.fault(Fault.of(Fault.BAD_NAME, name))), then);
    }

    /** Resolves {@code name}, {@code group:name}, {@code group:*} / {@code group:} as supervisord's split_namespec. */
    private <T> void withTarget(String name, ActorRef<Reply<T>> to, Consumer<GroupEntry> onGroup,
                                Consumer<ProcessEntry> onProcess) {
        String gname;
        String pname;
        int colon = name.indexOf(':');
        if (colon >= 0) {
            gname = name.substring(0, colon);
            pname = name.substring(colon + 1);
            if (pname.isEmpty() || pname.equals("*")) {
                pname = null;
            }
        } else {
            gname = name;
            pname = name;
        }
        GroupEntry g = groups.get(gname);
        if (g == null) {
            to.tell(Reply.fault(Fault.of(Fault.BAD_NAME, name)));
            return;
        }
        if (pname == null) {
            onGroup.accept(g);
            return;
        }
        ProcessEntry e = g.processes().get(pname);
        if (e == null) {
            to.tell(Reply.fault(Fault.of(Fault.BAD_NAME, name)));
            return;
        }
        onProcess.accept(e);
    }

    private <T> void withGroup(String name, ActorRef<Reply<T>> to, Consumer<GroupEntry> then) {
        GroupEntry g = groups.get(name);
        if (g == null) {
            to.tell(Reply.fault(Fault.of(Fault.BAD_NAME, name)));
        } else {
            then.accept(g);
        }
    }

    private static List<ProcessEntry> processesOf(GroupEntry g) {
        List<ProcessEntry> out = new ArrayList<>(g.processes().values());
        out.sort(Comparator.comparingInt(e -> e.spec.priority()));
        return out;
    }

    /**
     * Every process as supervisord's tick visits them for autostart: groups ascending by priority, each group's
     * processes in config order ({@code programs=} order, not by priority).
     */
    private List<ProcessEntry> allInConfigOrder() {
        List<ProcessEntry> out = new ArrayList<>();
        for (GroupSpec g : byPriority(groups.values().stream().map(GroupEntry::spec).toList())) {
            out.addAll(groups.get(g.name()).processes().values());
        }
        return out;
    }

    /** Every process: groups ascending by priority, then processes ascending by priority. */
    /**
     * Every process for the all-process calls, as supervisord's _getAllProcesses: its groups compare by priority
     * alone, so equal priorities keep the order the groups were added (a group added at run time comes last).
     */
    private List<ProcessEntry> allByPriority() {
        List<GroupEntry> entries = new ArrayList<>(groups.values());
        entries.sort(Comparator.comparingInt(e -> e.spec().priority()));
        List<ProcessEntry> out = new ArrayList<>();
        for (GroupEntry e : entries) {
            out.addAll(processesOf(e));
        }
        return out;
    }

    /** Ascending priority; ties in config order (or by name when the order is unknown). */
    private List<GroupSpec> byPriority(List<GroupSpec> specs) {
        Map<String, Integer> fileOrder = new HashMap<>();
        List<GroupSpec> reference = lastRead == null ? specs : lastRead.groups();
        for (int i = 0; i < reference.size(); i++) {
            fileOrder.put(reference.get(i).name(), i);
        }
        List<GroupSpec> out = new ArrayList<>(specs);
        out.sort(Comparator.comparingInt(GroupSpec::priority)
                .thenComparingInt(g -> fileOrder.getOrDefault(g.name(), Integer.MAX_VALUE))
                .thenComparing(GroupSpec::name));
        return out;
    }

    private static ProcessInfo info(ProcessEntry e, long nowMillis) {
        String out = e.logs.stdout().map(Path::toString).orElse("");
        String err = e.logs.stderr().map(Path::toString).orElse("");
        return ProcessTable.info(e.spec.group(), e.spec.name(), e.status, out, err, nowMillis);
    }

    /** After groups were added or removed: the table holds exactly the active processes. */
    private void publishMembers() {
        List<String> keys = new ArrayList<>();
        for (GroupEntry g : groups.values()) {
            for (ProcessEntry e : g.processes().values()) {
                table.update(e.spec.group(), e.spec.name(), e.status, e.logs);
                keys.add(e.namespec());
            }
        }
        table.retain(keys);
    }

    /**
     * supervisord's signal_number over Python's signal module, whose {@code SIG*} names include SIG_DFL (0),
     * SIG_IGN (1), SIG_BLOCK (0), SIG_UNBLOCK (1) and SIG_SETMASK (2): so {@code 0} (a liveness probe) is accepted.
     */
    private static OptionalInt parseSignal(String text) {
        if (text == null) {
            return OptionalInt.empty();
        }
        Optional<Signal> sig = Signal.parse(text);
        if (sig.isPresent()) {
            return OptionalInt.of(sig.get().number());
        }
        String name = text.strip().toUpperCase(java.util.Locale.ROOT);
        if (name.matches("[+-]?0+")) {
            return OptionalInt.of(0);
        }
        return switch (name.startsWith("SIG") ? name : "SIG" + name) {
            case "SIG_DFL", "SIG_BLOCK" -> OptionalInt.of(0);
            case "SIG_IGN", "SIG_UNBLOCK" -> OptionalInt.of(1);
            case "SIG_SETMASK" -> OptionalInt.of(2);
            default -> OptionalInt.empty();
        };
    }

    private static Consumer<List<ProcessResult>> perProcess(ActorRef<Reply<ActionResult>> to) {
        return rs -> to.tell(Reply.ok(new ActionResult.PerProcess(rs)));
    }

    private static Consumer<List<ProcessResult>> results(ActorRef<Reply<List<ProcessResult>>> to) {
        return rs -> to.tell(Reply.ok(rs));
    }

    private static Reply<ActionResult> toAction(ProcessActor.Outcome o) {
        ProcessActor.Finished f = (ProcessActor.Finished) o;
        return f.fault().<Reply<ActionResult>>map(Reply::fault).orElseGet(() -> Reply.ok(ActionResult.DONE));
    }

    private static Reply<Boolean> toBoolean(ProcessActor.Outcome o) {
        ProcessActor.Finished f = (ProcessActor.Finished) o;
        return f.fault().<Reply<Boolean>>map(Reply::fault).orElseGet(() -> Reply.ok(true));
    }

    private static String safe(String name) {
        StringBuilder sb = new StringBuilder();
        for (char c : name.toCharArray()) {
            sb.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
        }
        return sb.toString();
    }
}
