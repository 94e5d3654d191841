package io.drover.node.process;

import io.drover.config.AutoRestart;
import io.drover.config.LogChannelSpec;
import io.drover.config.ProcessSpec;
import io.drover.config.Signal;
import io.drover.node.mainlog.MainLog;
import io.drover.node.os.Child;
import io.drover.node.os.ChildListener;
import io.drover.node.os.OutputPipe;
import io.drover.node.os.ExitStatus;
import io.drover.node.os.SpawnException;
import io.drover.node.os.SpawnRequest;
import io.drover.node.supervisor.Fault;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One managed process: owns its child's pid and runs supervisord's state machine (STOPPED → STARTING → RUNNING →
 * EXITED / BACKOFF → FATAL, STOPPING → STOPPED) with actor timers on monotonic time: startsecs, the backoff delay
 * ({@code n} seconds before the n-th retry), stopwaitsecs before SIGKILL. Every transition goes through
 * {@link #changeState} and is reported to the node as a {@link ProcessStatus}.
 *
 * <p>The OS reactor reports output and exit through a {@link ChildListener} that only {@code tell}s this actor.
 */
public final class ProcessActor extends AbstractBehavior<ProcessActor.Command> {

    /** Messages a ProcessActor accepts. */
    public sealed interface Command {
    }

    /**
     * {@code startProcess}: replies {@link Attempted} once the spawn was tried (so callers can start processes one
     * after another in priority order), then {@link Finished} (at once, or once RUNNING with {@code waitFor}).
     *
     * @param displayName the name the caller used, for fault texts
     */
    public record Start(long id, String displayName, boolean waitFor, ActorRef<Outcome> replyTo) implements Command {
    }

    /** The daemon's automatic start: spawns if autostart and never started; replies {@link Attempted}. */
    public record Autostart(long id, ActorRef<Outcome> replyTo) implements Command {
    }

    /**
     * {@code stopProcess}: replies {@link Finished} at once, or once stopped with {@code waitFor}.
     *
     * @param inPass one of a group/all stop: the node logs the first {@code waiting for X to stop} line of each
     *               process of the pass, in order (supervisord logs them after the whole pass)
     */
    public record Stop(long id, String displayName, boolean waitFor, ActorRef<Outcome> replyTo, boolean inPass)
            implements Command {
        public Stop(long id, String displayName, boolean waitFor, ActorRef<Outcome> replyTo) {
            this(id, displayName, waitFor, replyTo, false);
        }
    }

    /** {@code signalProcess} with an already validated signal number. */
    public record SendSignal(long id, String displayName, int signal, ActorRef<Outcome> replyTo)
            implements Command {
    }

    /** {@code sendProcessStdin}. */
    public record WriteStdin(long id, String displayName, byte[] data, ActorRef<Outcome> replyTo)
            implements Command {
    }

    /**
     * Daemon shutdown / restart of this process's group: RUNNING/STARTING are stopped, BACKOFF gives up (FATAL);
     * replies {@link Attempted} once the stop signal is sent (the group then stops the next process, so the
     * STOPPING events come in supervisord's order), and {@link Finished} once in a stopped state.
     */
    public record StopForShutdown(long id, ActorRef<Outcome> replyTo) implements Command {
    }

    /**
     * The group's shutdown stop pass has signalled every process: a reap held since {@link StopForShutdown} is
     * handled now, so the whole pass's STOPPING events (and {@code killing} lines) come before any STOPPED, as in
     * supervisord, whose loop signals a group in one go and reaps afterwards.
     */
    public enum ReleaseExits implements Command { INSTANCE }

    /** The daemon is stopping: never spawn again (no autostart, autorestart or retry). */
    public enum Quiesce implements Command { INSTANCE }

    /** Reopen the log files (SIGUSR2). */
    public enum ReopenLogs implements Command { INSTANCE }

    /**
     * Every process of an autostart pass has been spawned: a process with {@code startsecs=0} spawned by that pass
     * enters RUNNING now, and one whose spawn failed with no retry left gives up now. supervisord spawns the whole
     * pass in one tick and settles them on the next, in the same order, so its log shows every {@code spawned:} and
     * {@code spawnerr:} line before the {@code success:} and {@code gave up:} lines. Replies {@link Attempted} so
     * the node can tell the processes one after another.
     */
    public record AutostartPassDone(long id, ActorRef<Outcome> replyTo) implements Command {
    }

    /** {@code clearProcessLogs}. */
    public record ClearLogs(long id, String displayName, ActorRef<Outcome> replyTo) implements Command {
    }

    /** What a ProcessActor answers. */
    public sealed interface Outcome {
        long id();
    }

    /** A {@link Start} or {@link Autostart} has tried its spawn (or refused): the next one may go. */
    public record Attempted(long id) implements Outcome {
    }

    /**
     * A request's final outcome: success when {@code fault} is empty.
     *
     * @param atOnce answered while handling the request (supervisord's call returned or raised without deferring;
     *               its group and all calls list those results first)
     */
    public record Finished(long id, String group, String name, Optional<Fault> fault, boolean atOnce)
            implements Outcome {
    }

    // Private messages: the reactor's reports (tagged with the spawn they belong to) and timers.
    private record ChildOutput(long spawn, ChildListener.Stream stream, byte[] data) implements Command {
    }

    private record ChildEof(long spawn, ChildListener.Stream stream) implements Command {
    }

    /** The reactor tried to write a {@link WriteStdin}'s bytes; {@code written} false: the child's stdin is closed. */
    private record StdinOffered(WriteStdin request, boolean written) implements Command {
    }

    /** A pipe this actor took ({@link OutputSink#takesPipes}) is readable, or at EOF; unwatched until re-armed. */
    private record PipeReadable(OutputPipe pipe) implements Command {
    }

    private record ChildExited(long spawn, ExitStatus status) implements Command {
    }

    private record StartsecsElapsed(long spawn) implements Command {
    }

    private record RetryDue(long spawn) implements Command {
    }

    private record StopwaitElapsed(long spawn) implements Command {
    }

    private enum StopReportDue implements Command { INSTANCE }

    /** Most bytes one PipeReadable moves, so that a chatty child does not hold up this actor's other messages. */
    private static final long TURN_BUDGET = 4L << 20;
    /** At exit, what the pipes already hold (their largest size), as the reactor drains chunked pipes then. */
    private static final long EXIT_BUDGET = 2L << 20;
    /** A turn that moves less found a slow writer: its pipe is re-armed at the reactor's next tick, batching lines.
     * A single splice of this much filled a default pipe: that pipe is enlarged. */
    private static final long SMALL_TURN = 64L << 10;
    private static final String TOO_QUICKLY = "Exited too quickly (process log may have details)";
    private static final Duration STOP_REPORT_INTERVAL = Duration.ofSeconds(2);

    /** A caller waiting for a condition on the state. */
    private record Waiter(long id, String displayName, ActorRef<Outcome> replyTo) {
    }

    private final ProcessSpec spec;
    private final ProcessLogs logs;
    private final NodeServices services;
    private final MainLog log;
    /** The group's fcgi socket, handed to the child as stdin while it lives. */
    private final Optional<FcgiSocket> fcgi;
    private boolean holdsSocket;
    private final TimerScheduler<Command> timers;
    private final Map<String, String> programEnvironment;
    /** The child's environment, made at the first spawn: every input is fixed for this actor's life. */
    private Map<String, String> childEnvironment;
    private final io.drover.node.events.ProcessEvents events;

    private ProcessState state = ProcessState.STOPPED;
    private Child child;
    private int pid;
    /** Increments per spawn: reports and timers of an earlier child are ignored. */
    private long spawnSerial;
    private long laststartNanos;
    private long laststartMillis;
    private long laststopMillis;
    private int backoff;
    private String spawnerr;
    private Integer exitstatus;
    private boolean killing;
    private boolean quiesced;
    /** Between StopForShutdown and ReleaseExits: a reap waits in {@link #heldExit}. */
    private boolean holdingExits;
    private ChildExited heldExit;
    /** Spawned by an autostart pass: RUNNING (startsecs=0) or giving up waits for {@link AutostartPassDone}. */
    private boolean heldForPass;
    /**
     * A startsecs=0 child of the pass reaped before the pass was done: supervisord makes it RUNNING ({@code success:})
     * on its next tick before it reaps, so the exit waits until this actor is RUNNING too.
     */
    private ChildExited exitInPass;
    /** The pipes this actor took from its children and has not closed yet (a grandchild may keep one open). */
    private final Set<OutputPipe> openPipes = new HashSet<>();
    private OutputSink stdoutSink;
    private OutputSink stderrSink;
    private final List<Waiter> startWaiters = new ArrayList<>();
    private final List<Waiter> stopWaiters = new ArrayList<>();
    private final List<Waiter> shutdownWaiters = new ArrayList<>();

    /**
     * @param spec     the process
     * @param logs     its resolved log files
     * @param services what all processes share
     * @param fcgi     the group's fcgi socket to hand the child as stdin, else a pipe
     */
    public static Behavior<Command> create(ProcessSpec spec, ProcessLogs logs, NodeServices services,
                                           Optional<FcgiSocket> fcgi) {
        // Resume on a failure: a restart would forget the child's pid (and leave the child unsupervised).
        return Behaviors.supervise(Behaviors.<Command>setup(ctx -> Behaviors.withTimers(
                        timers -> new ProcessActor(ctx, timers, spec, logs, services, fcgi))))
                .onFailure(Exception.class, SupervisorStrategy.resume());
    }

    private ProcessActor(ActorContext<Command> ctx, TimerScheduler<Command> timers, ProcessSpec spec,
                         ProcessLogs logs, NodeServices services, Optional<FcgiSocket> fcgi) {
        super(ctx);
        this.timers = timers;
        this.spec = spec;
        this.logs = logs;
        this.services = services;
        this.log = services.log();
        this.fcgi = fcgi;
        Map<String, String> env = new HashMap<>(services.supervisordEnvironment());
        env.putAll(spec.environment());
        this.programEnvironment = Map.copyOf(env);
        this.events = io.drover.node.events.ProcessEvents.of(services.events(), spec);
    }

    /** The message table, one for every ProcessActor (see HandlerTable). */
    private static final HandlerTable<ProcessActor, Command> HANDLERS = HandlerTable.<ProcessActor, Command>builder()
            .on(Start.class, ProcessActor::onStart)
            .on(Autostart.class, ProcessActor::onAutostart)
            .on(Stop.class, ProcessActor::onStop)
            .on(SendSignal.class, ProcessActor::onSignal)
            .on(WriteStdin.class, ProcessActor::onWriteStdin)
            .on(StdinOffered.class, ProcessActor::onStdinOffered)
            .on(StopForShutdown.class, ProcessActor::onStopForShutdown)
            .on(Quiesce.class, (actor, m) -> actor.onQuiesce())
            .on(ReleaseExits.class, (actor, m) -> actor.onReleaseExits())
            .on(ReopenLogs.class, (actor, m) -> actor.onReopenLogs())
            .on(AutostartPassDone.class, ProcessActor::onAutostartPassDone)
            .on(ClearLogs.class, ProcessActor::onClearLogs)
            .on(ChildOutput.class, ProcessActor::onChildOutput)
            .on(PipeReadable.class, ProcessActor::onPipeReadable)
            .on(ChildEof.class, ProcessActor::onChildEof)
            .on(ChildExited.class, ProcessActor::onChildExited)
            .on(StartsecsElapsed.class, ProcessActor::onStartsecsElapsed)
            .on(RetryDue.class, ProcessActor::onRetryDue)
            .on(StopwaitElapsed.class, ProcessActor::onStopwaitElapsed)
            .on(StopReportDue.class, (actor, m) -> actor.onStopReportDue())
            .build();

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onAnyMessage(m -> HANDLERS.handle(this, m))
                .onSignal(PostStop.class, s -> onPostStop())
                .build();
    }

    // ---- requests -------------------------------------------------------------------------------------------

    private Behavior<Command> onStart(Start m) {
        Optional<Fault> refused = CommandCheck.check(spec.command(), programEnvironment,
                services.daemonEnvironment());
        if (refused.isEmpty() && state.isRunning()) {
            refused = Optional.of(Fault.of(Fault.ALREADY_STARTED, m.displayName()));
        }
        if (refused.isEmpty() && state == ProcessState.UNKNOWN) {
            refused = Optional.of(Fault.of(Fault.FAILED, m.displayName() + " is in an unknown process state"));
        }
        if (refused.isPresent()) {
            m.replyTo().tell(new Attempted(m.id()));
            finish(m.id(), m.replyTo(), refused);
            return this;
        }
        spawn();
        m.replyTo().tell(new Attempted(m.id()));
        Waiter w = new Waiter(m.id(), m.displayName(), m.replyTo());
        if (spawnerr != null) {
            finish(m.id(), m.replyTo(), Optional.of(Fault.of(Fault.SPAWN_ERROR, m.displayName())));
        } else if (m.waitFor() && state != ProcessState.RUNNING) {
            startWaiters.add(w);
            checkStartWaiters();
        } else {
            finish(m.id(), m.replyTo(), Optional.empty());
        }
        return this;
    }

    private Behavior<Command> onAutostart(Autostart m) {
        if (state == ProcessState.STOPPED && laststartMillis == 0 && spec.autostart() && !quiesced) {
            heldForPass = true;
            spawn();
        }
        m.replyTo().tell(new Attempted(m.id()));
        return this;
    }

    private Behavior<Command> onAutostartPassDone(AutostartPassDone m) {
        boolean held = heldForPass;
        heldForPass = false;
        if (held && state == ProcessState.STARTING && spec.startsecs() <= 0) {
            enterRunning(true);
        } else if (held && state == ProcessState.BACKOFF) {
            retryOrGiveUp();
        }
        m.replyTo().tell(new Attempted(m.id()));
        return releaseExitInPass();
    }

    private Behavior<Command> releaseExitInPass() {
        ChildExited exit = exitInPass;
        exitInPass = null;
        return exit == null ? this : onChildExited(exit);
    }

    private Behavior<Command> onStop(Stop m) {
        if (!state.isRunning()) {
            finish(m.id(), m.replyTo(), Optional.of(Fault.of(Fault.NOT_RUNNING, m.displayName())));
            return this;
        }
        String problem = stop();
        if (problem != null) {
            finish(m.id(), m.replyTo(), Optional.of(Fault.of(Fault.FAILED, problem)));
        } else if (m.waitFor() && !state.isStopped()) {
            stopWaiters.add(new Waiter(m.id(), m.displayName(), m.replyTo()));
            stopReport(!m.inPass());
        } else {
            finish(m.id(), m.replyTo(), Optional.empty());
        }
        return this;
    }

    private Behavior<Command> onSignal(SendSignal m) {
        if (!state.isSignallable()) {
            finish(m.id(), m.replyTo(), Optional.of(Fault.of(Fault.NOT_RUNNING, m.displayName())));
            return this;
        }
        String problem = signal(m.signal());
        finish(m.id(), m.replyTo(), problem == null ? Optional.empty() : Optional.of(Fault.of(Fault.FAILED, problem)));
        return this;
    }

    private Behavior<Command> onWriteStdin(WriteStdin m) {
        if (pid == 0 || killing) {
            finish(m.id(), m.replyTo(), Optional.of(Fault.of(Fault.NOT_RUNNING, m.displayName())));
            return this;
        }
        // supervisord writes at once and answers NO_FILE when the child has closed its stdin: wait for the
        // reactor's first attempt rather than answer before it
        getContext().pipeToSelf(child.offerStdin(m.data()), (ok, failure) -> new StdinOffered(m, failure == null));
        return this;
    }

    private Behavior<Command> onStdinOffered(StdinOffered m) {
        WriteStdin w = m.request();
        finish(w.id(), w.replyTo(), m.written() ? Optional.empty()
                : Optional.of(Fault.of(Fault.NO_FILE, w.displayName())));
        return this;
    }

    private Behavior<Command> onStopForShutdown(StopForShutdown m) {
        quiesced = true;
        holdingExits = true;
        if (state == ProcessState.RUNNING || state == ProcessState.STARTING) {
            stop();
        } else if (state == ProcessState.BACKOFF) {
            giveUp();
        }
        m.replyTo().tell(new Attempted(m.id()));
        Waiter w = new Waiter(m.id(), spec.name(), m.replyTo());
        if (state.isStopped()) {
            finish(w, Optional.empty());
        } else {
            shutdownWaiters.add(w);
        }
        return this;
    }

    private Behavior<Command> onReleaseExits() {
        holdingExits = false;
        ChildExited held = heldExit;
        heldExit = null;
        return held == null ? this : onChildExited(held);
    }

    private Behavior<Command> onQuiesce() {
        quiesced = true;
        return this;
    }

    private Behavior<Command> onReopenLogs() {
        for (OutputSink sink : sinks()) {
            try {
                sink.reopen();
            } catch (IOException e) {
                log.error("could not reopen log of " + spec.name() + ": " + e.getMessage());
            }
        }
        return this;
    }

    private Behavior<Command> onClearLogs(ClearLogs m) {
        try {
            if (stdoutSink == null && stderrSink == null) {
                // Never spawned by this daemon: a file left by an earlier run is removed all the same.
                for (Optional<Path> p : List.of(logs.stdout(), logs.stderr())) {
                    if (p.isPresent()) {
                        java.nio.file.Files.deleteIfExists(p.get());
                    }
                }
            }
            for (OutputSink sink : sinks()) {
                sink.clear();
            }
            finish(m.id(), m.replyTo(), Optional.empty());
        } catch (IOException e) {
            finish(m.id(), m.replyTo(), Optional.of(Fault.of(Fault.FAILED, m.displayName())));
        }
        return this;
    }

    // ---- what the child does --------------------------------------------------------------------------------

    private Behavior<Command> onChildOutput(ChildOutput m) {
        if (m.stream() == ChildListener.Stream.STDOUT) {
            events.listenerStdout(m.data()); // an event listener's protocol channel goes to its pool
        }
        OutputSink sink = m.stream() == ChildListener.Stream.STDERR && !spec.redirectStderr() ? stderrSink : stdoutSink;
        if (sink != null) {
            try {
                sink.write(m.data());
            } catch (IOException e) {
                log.error("could not write " + spec.name() + " output: " + e.getMessage());
            }
        }
        return this;
    }

    private Behavior<Command> onPipeReadable(PipeReadable m) {
        long moved = drain(m.pipe(), TURN_BUDGET);
        if (moved >= 0) {
            // A writer that once filled its pipe is never left for a tick (that would cap it at a pipe per tick).
            OutputPipe pipe = m.pipe();
            OutputPipe.Rearm when = moved >= SMALL_TURN || pipe.fast() ? OutputPipe.Rearm.NOW
                    : OutputPipe.Rearm.BATCHED;
            pipe.rearm(when);
        }
        return this;
    }

    /**
     * Moves what {@code pipe} holds (up to {@code budget}) into its log by splice. Returns the bytes moved, or -1 at
     * EOF (then the sink is told and the pipe closed).
     */
    private long drain(OutputPipe pipe, long budget) {
        OutputSink sink = pipe.stream() == ChildListener.Stream.STDERR && !spec.redirectStderr()
                ? stderrSink : stdoutSink;
        long moved = 0;
        while (moved < budget) {
            long n;
            long asked = budget - moved;
            try {
                n = sink == null ? 0 : sink.transferFrom(pipe, asked);
            } catch (IOException e) {
                log.error("could not move " + spec.name() + " output: " + e.getMessage());
                n = 0; // nothing can take the bytes: close the pipe rather than spin on it
            }
            if (n > 0) {
                moved += n;
                if (n >= SMALL_TURN) {
                    pipe.enlarge();
                }
                if (n < asked) {
                    break; // a splice takes all the pipe holds: it is empty now (or soon readable again)
                }
            } else if (n == 0) {
                if (sink != null) {
                    sink.endOfStream();
                }
                pipe.close();
                openPipes.remove(pipe);
                return -1;
            } else {
                break;
            }
        }
        return moved;
    }

    private Behavior<Command> onChildEof(ChildEof m) {
        OutputSink sink = m.stream() == ChildListener.Stream.STDERR && !spec.redirectStderr() ? stderrSink : stdoutSink;
        if (sink != null) {
            sink.endOfStream();
        }
        return this;
    }

    /** supervisord's {@code finish()}: the child was reaped. */
    private Behavior<Command> onChildExited(ChildExited m) {
        if (m.spawn() != spawnSerial || pid == 0) {
            return this;
        }
        if (holdingExits) {
            heldExit = m; // until the group's stop pass is complete (ReleaseExits)
            return this;
        }
        if (heldForPass && state == ProcessState.STARTING && spec.startsecs() <= 0) {
            exitInPass = m; // until AutostartPassDone has made it RUNNING
            return this;
        }
        long elapsedNanos = System.nanoTime() - laststartNanos;
        laststopMillis = System.currentTimeMillis();
        boolean tooQuickly = elapsedNanos < spec.startsecs() * 1_000_000_000L;
        int es = m.status().supervisorExitStatus();
        String how = describe(m.status());
        boolean expectedExit = spec.exitcodes().contains(es);
        timers.cancel(StartsecsElapsed.class);
        timers.cancel(StopwaitElapsed.class);
        for (OutputPipe pipe : child.pipes()) {
            drain(pipe, EXIT_BUDGET); // what it wrote before dying is logged before its exit, as for chunked pipes
        }
        // The child is gone, but the transitions below still carry its pid (state events do, as supervisord's).
        child = null;

        // Log before the transition: a transition may set other actors going (the next group's stop), and the
        // daemon log should read in causal order.
        if (killing) {
            killing = false;
            exitstatus = es;
            String msg = "stopped: " + spec.name() + " (" + how + ")";
            if (expectedExit) {
                log.info(msg);
            } else {
                log.warn(msg);
            }
            releaseSocket(); // before the stop's caller hears (its 'Closing socket' line after 'stopped:')
            enterStopped();
        } else if (tooQuickly && state == ProcessState.STARTING) {
            exitstatus = null;
            spawnerr = TOO_QUICKLY;
            log.warn("exited: " + spec.name() + " (" + how + "; not expected)");
            releaseSocket();
            enterBackoff();
        } else {
            backoff = 0;
            exitstatus = es;
            if (state == ProcessState.STARTING) {
                enterRunning(false);
            }
            if (expectedExit) {
                log.info("exited: " + spec.name() + " (" + how + "; expected)");
                releaseSocket();
                changeState(ProcessState.EXITED, true);
            } else {
                spawnerr = "Bad exit code " + es;
                log.warn("exited: " + spec.name() + " (" + how + "; not expected)");
                releaseSocket();
                changeState(ProcessState.EXITED, false);
            }
        }
        // supervisord's reap is followed by its SIGCHLD handler's line, before any respawn or give-up (next tick).
        log.debug("received SIGCHLD indicating a child quit");
        pid = 0;
        if (state == ProcessState.BACKOFF) {
            retryOrGiveUp();
        } else if (state == ProcessState.EXITED) {
            restartIfConfigured();
        }
        publish(state, true);
        return this;
    }

    private Behavior<Command> onStartsecsElapsed(StartsecsElapsed m) {
        if (m.spawn() == spawnSerial && state == ProcessState.STARTING) {
            enterRunning(true);
        }
        return releaseExitInPass();
    }

    private Behavior<Command> onRetryDue(RetryDue m) {
        if (m.spawn() == spawnSerial && state == ProcessState.BACKOFF && !quiesced) {
            spawn();
        }
        return this;
    }

    private Behavior<Command> onStopwaitElapsed(StopwaitElapsed m) {
        if (m.spawn() == spawnSerial && state == ProcessState.STOPPING && pid != 0) {
            log.warn("killing '" + spec.name() + "' (" + pid + ") with SIGKILL");
            kill(Signal.KILL.number());
        }
        return this;
    }

    private Behavior<Command> onStopReportDue() {
        if (state == ProcessState.STOPPING && !stopWaiters.isEmpty()) {
            log.info("waiting for " + spec.name() + " to stop");
        } else {
            timers.cancel(StopReportDue.INSTANCE);
        }
        return this;
    }

    private Behavior<Command> onPostStop() {
        if (child != null && pid != 0) {
            // Last resort (the node stops processes before stopping actors): never leave a child behind.
            child.signalGroup(Signal.KILL.number());
            child.signal(Signal.KILL.number());
        }
        releaseSocket();
        for (OutputPipe pipe : openPipes) {
            pipe.close(); // nobody is left to splice it (a grandchild may still hold the other end)
        }
        openPipes.clear();
        for (OutputSink sink : sinks()) {
            try {
                sink.close();
            } catch (IOException e) {
                // closing at teardown
            }
        }
        return this;
    }

    // ---- the state machine ----------------------------------------------------------------------------------

    /** supervisord's {@code spawn()}: STOPPED/EXITED/FATAL/BACKOFF → STARTING → (RUNNING | BACKOFF). */
    private void spawn() {
        if (pid != 0) {
            log.warn("process '" + spec.name() + "' already running");
            return;
        }
        killing = false;
        spawnerr = null;
        exitstatus = null;
        laststartMillis = System.currentTimeMillis();
        laststartNanos = System.nanoTime();
        spawnSerial++;
        timers.cancel(RetryDue.class);

        // Spawn first so that STARTING is never seen without its pid (the spawn itself is fast).
        // supervisord resolves the command before it opens the logs: a command it cannot run leaves no log files.
        CommandCheck.Outcome command = CommandCheck.resolve(spec.command(), programEnvironment,
                services.daemonEnvironment());
        String failure = command.problem().map(CommandCheck.Problem::detail).orElseGet(this::openSinks);
        Optional<Integer> stdin = Optional.empty();
        if (failure == null && fcgi.isPresent()) {
            try {
                stdin = Optional.of(fcgi.get().acquire());
                holdsSocket = true;
            } catch (IOException e) {
                failure = e.getMessage();
            }
        }
        if (failure == null) {
            try {
                child = services.launcher().spawn(spawnRequest(stdin, command.executable()),
                        new Relay(getContext().getSelf(), spawnSerial, pipeStreams()));
                pid = child.pid();
                openPipes.addAll(child.pipes());
            } catch (SpawnException e) {
                failure = e.getMessage();
            } catch (RuntimeException e) {
                failure = "unknown error during fork for '" + spec.name() + "': " + e.getMessage();
            }
        }
        changeState(ProcessState.STARTING, true);
        if (failure != null) {
            releaseSocket();
            spawnFailed(failure);
            return;
        }
        events.spawned(child);
        log.info("spawned: '" + spec.name() + "' with pid " + pid);
        if (spec.startsecs() > 0) {
            timers.startSingleTimer(StartsecsElapsed.class, new StartsecsElapsed(spawnSerial),
                    Duration.ofSeconds(spec.startsecs()));
        } else if (!heldForPass) {
            enterRunning(true);
        }
        // else RUNNING at AutostartPassDone, however long the pass takes (no timer may cut it short: its success:
        // line would come before the pass's last spawned:); the node always ends a pass, answering for a process
        // whose group is removed meanwhile.
    }

    private void spawnFailed(String message) {
        spawnerr = message;
        log.info("spawnerr: " + message);
        enterBackoff();
        if (!heldForPass) {
            retryOrGiveUp(); // else once the autostart pass is done, as supervisord's next tick
        }
    }

    /** @param announce log {@code success:} (supervisord does not when a STARTING process is reaped) */
    private void enterRunning(boolean announce) {
        timers.cancel(StartsecsElapsed.class);
        heldForPass = false;
        backoff = 0;
        changeState(ProcessState.RUNNING, true);
        if (announce) {
            log.info("success: " + spec.name() + " entered RUNNING state, process has stayed up for > than "
                    + spec.startsecs() + " seconds (startsecs)");
        }
    }

    private void enterBackoff() {
        changeState(ProcessState.BACKOFF, true);
    }

    private void enterStopped() {
        timers.cancel(RetryDue.class);
        timers.cancel(StopReportDue.INSTANCE);
        changeState(ProcessState.STOPPED, true);
    }

    /** BACKOFF: wait {@code backoff} seconds and spawn again, or give up after startretries. */
    private void retryOrGiveUp() {
        if (quiesced || state != ProcessState.BACKOFF) {
            return;
        }
        if (backoff <= spec.startretries()) {
            timers.startSingleTimer(RetryDue.class, new RetryDue(spawnSerial), Duration.ofSeconds(backoff));
        } else {
            giveUp();
            log.info("gave up: " + spec.name() + " entered FATAL state, too many start retries too quickly");
        }
    }

    /** BACKOFF → FATAL. */
    private void giveUp() {
        timers.cancel(RetryDue.class);
        backoff = 0;
        changeState(ProcessState.FATAL, true);
    }

    /** EXITED: autorestart against exitcodes, unless the daemon is stopping. */
    private void restartIfConfigured() {
        if (quiesced) {
            return;
        }
        if (spec.autorestart() == AutoRestart.TRUE
                || (spec.autorestart() == AutoRestart.UNEXPECTED && !spec.exitcodes().contains(exitstatus))) {
            spawn();
        }
    }

    /** supervisord's administrative {@code stop()}. */
    private String stop() {
        return kill(spec.stopsignal().number());
    }

    /**
     * supervisord's {@code kill()}: BACKOFF → STOPPED at once; otherwise signal (the group when stopasgroup, or
     * killasgroup once already STOPPING) and go STOPPING with the stopwait timer armed.
     *
     * @return null when the signal was sent, else a message
     */
    private String kill(int sig) {
        if (state == ProcessState.BACKOFF) {
            log.debug("Attempted to kill " + spec.name() + ", which is in BACKOFF state.");
            enterStopped();
            return null;
        }
        if (pid == 0) {
            String msg = "attempted to kill " + spec.name() + " with sig " + signame(sig) + " but it wasn't running";
            log.debug(msg);
            return msg;
        }
        boolean asGroup = state == ProcessState.STOPPING ? spec.killasgroup() : spec.stopasgroup();
        log.debug("killing " + spec.name() + " (pid " + pid + ") " + (asGroup ? "process group " : "")
                + "with signal " + signame(sig));
        killing = true;
        timers.startSingleTimer(StopwaitElapsed.class, new StopwaitElapsed(spawnSerial),
                Duration.ofSeconds(Math.max(0, spec.stopwaitsecs())));
        changeState(ProcessState.STOPPING, true);
        try {
            boolean delivered = asGroup ? child.signalGroup(sig) : child.signal(sig);
            if (!delivered) {
                log.debug("unable to signal " + spec.name() + " (pid " + pid
                        + "), it probably just exited on its own");
            }
        } catch (RuntimeException e) {
            String msg = "unknown problem killing " + spec.name() + " (" + pid + "):" + e;
            log.critical(msg);
            killing = false;
            timers.cancel(StopwaitElapsed.class);
            changeState(ProcessState.UNKNOWN, true);
            return msg;
        }
        return null;
    }

    /** supervisord's {@code signal()}: a signal that is not meant to stop the process. */
    private String signal(int sig) {
        if (pid == 0) {
            String msg = "attempted to send " + spec.name() + " sig " + signame(sig) + " but it wasn't running";
            log.debug(msg);
            return msg;
        }
        log.debug("sending " + spec.name() + " (pid " + pid + ") sig " + signame(sig));
        try {
            if (!child.signal(sig)) {
                log.debug("unable to signal " + spec.name() + " (pid " + pid
                        + "), it probably just now exited on its own");
            }
        } catch (RuntimeException e) {
            String msg = "unknown problem sending sig " + spec.name() + " (" + pid + "):" + e;
            log.critical(msg);
            changeState(ProcessState.UNKNOWN, true);
            return msg;
        }
        return null;
    }

    /** The one place a state changes: reports it to the node and settles waiting callers. */
    private void changeState(ProcessState next, boolean expected) {
        ProcessState previous = state;
        if (next == previous) {
            return;
        }
        state = next;
        if (next == ProcessState.BACKOFF) {
            backoff++;
        }
        publish(previous, expected);
        events.stateChanged(previous.name(), next.name(), backoff, expected, pid);
        checkStartWaiters();
        if (state.isStopped()) {
            for (Waiter w : stopWaiters) {
                finish(w, Optional.empty());
            }
            stopWaiters.clear();
            for (Waiter w : shutdownWaiters) {
                finish(w, Optional.empty());
            }
            shutdownWaiters.clear();
        }
    }

    /** startProcess(wait=True): SPAWN_ERROR, ABNORMAL_TERMINATION, or done once RUNNING. */
    private void checkStartWaiters() {
        if (startWaiters.isEmpty()) {
            return;
        }
        Optional<Fault> outcome;
        boolean settled = true;
        if (spawnerr != null) {
            outcome = Optional.of(Fault.of(Fault.SPAWN_ERROR, ""));
        } else if (state != ProcessState.STARTING && state != ProcessState.RUNNING) {
            outcome = Optional.of(Fault.of(Fault.ABNORMAL_TERMINATION, ""));
        } else if (state == ProcessState.RUNNING) {
            outcome = Optional.empty();
        } else {
            outcome = Optional.empty();
            settled = false;
        }
        if (!settled) {
            return;
        }
        for (Waiter w : startWaiters) {
            finish(w, outcome.map(f -> Fault.of(f.code(), w.displayName())));
        }
        startWaiters.clear();
    }

    /** @param now log the first line here (else the node logs it after the whole stop pass) */
    private void stopReport(boolean now) {
        if (now) {
            log.info("waiting for " + spec.name() + " to stop");
        }
        timers.startTimerWithFixedDelay(StopReportDue.INSTANCE, StopReportDue.INSTANCE, STOP_REPORT_INTERVAL);
    }


    private void publish(ProcessState previous, boolean expected) {
        services.statusListener().tell(new ProcessStatus(spec.group(), spec.name(), state, previous, expected,
                backoff, child == null ? 0 : pid, laststartMillis, laststopMillis, spawnerr == null ? "" : spawnerr,
                exitstatus == null ? 0 : exitstatus, killing));
    }

    /** A waiting request's outcome. */
    private void finish(Waiter w, Optional<Fault> fault) {
        w.replyTo().tell(new Finished(w.id(), spec.group(), spec.name(), fault, false));
    }

    /** The outcome of the request being handled. */
    private void finish(long id, ActorRef<Outcome> replyTo, Optional<Fault> fault) {
        replyTo.tell(new Finished(id, spec.group(), spec.name(), fault, true));
    }

    // ---- spawning details -----------------------------------------------------------------------------------

    private SpawnRequest spawnRequest(Optional<Integer> stdin, Optional<SpawnRequest.Executable> executable) {
        if (childEnvironment == null) {
            childEnvironment = childEnvironment();
        }
        return new SpawnRequest(spec.command(), childEnvironment, spec.directory().map(Path::of), spec.umask(),
                spec.user(), spec.redirectStderr(), stdin, executable, discardedStreams());
    }

    /**
     * The streams whose bytes nobody looks at (the NONE sink: no file, syslog, capture, events or debug echo; not a
     * listener's protocol channel): the launcher gives them its shared pipe instead of one the daemon holds per child.
     */
    private Set<ChildListener.Stream> discardedStreams() {
        Set<ChildListener.Stream> streams = EnumSet.noneOf(ChildListener.Stream.class);
        if (stdoutSink == OutputSink.NONE && !events.isListener()) {
            streams.add(ChildListener.Stream.STDOUT);
        }
        if (!spec.redirectStderr() && stderrSink == OutputSink.NONE) {
            streams.add(ChildListener.Stream.STDERR);
        }
        return streams;
    }

    /** The child is gone (or never came): its hold on the group's fcgi socket ends (the last one closes it). */
    private void releaseSocket() {
        if (holdsSocket) {
            holdsSocket = false;
            fcgi.get().release();
        }
    }

    /**
     * The daemon's environment, then SUPERVISOR_ENABLED / _SERVER_URL / _PROCESS_NAME / _GROUP_NAME, then
     * {@code [supervisord] environment} and the program's {@code environment} (which may override all of them).
     */
    private Map<String, String> childEnvironment() {
        Map<String, String> env = new HashMap<>(services.daemonEnvironment());
        env.put("SUPERVISOR_ENABLED", "1");
        serverUrl().ifPresent(url -> env.put("SUPERVISOR_SERVER_URL", url));
        env.put("SUPERVISOR_PROCESS_NAME", spec.name());
        env.put("SUPERVISOR_GROUP_NAME", spec.group());
        env.putAll(programEnvironment);
        return Map.copyOf(env);
    }

    private Optional<String> serverUrl() {
        String own = spec.serverurl();
        if (own == null || own.isBlank() || own.trim().equalsIgnoreCase("AUTO")) {
            return services.defaultServerUrl();
        }
        return Optional.of(own);
    }

    /** Opens the log files on first spawn; returns supervisord's spawnerr text on failure. */
    private String openSinks() {
        try {
            if (stdoutSink == null) {
                stdoutSink = open("stdout", logs.stdout(), spec.stdout());
            }
            if (stderrSink == null) {
                stderrSink = spec.redirectStderr() ? OutputSink.NONE : open("stderr", logs.stderr(), spec.stderr());
            }
            return null;
        } catch (IOException e) {
            return "unknown error making dispatchers for '" + spec.name() + "': " + errnoName(e);
        }
    }

    private OutputSink open(String name, Optional<Path> file, LogChannelSpec channel) throws IOException {
        return services.sinks().open(new OutputSink.Channel(spec, name, channel, file, log, events.logEvents(),
                events.isListener() && "stdout".equals(name)));
    }

    /**
     * The streams whose pipes this actor takes and splices into their logs: plain file channels, except a listener's
     * stdout (its protocol channel is read in chunks); a sink whose file has another writer declines (LogChannelSink).
     */
    private Set<ChildListener.Stream> pipeStreams() {
        Set<ChildListener.Stream> streams = EnumSet.noneOf(ChildListener.Stream.class);
        if (stdoutSink != null && stdoutSink.takesPipes() && !events.isListener()) {
            streams.add(ChildListener.Stream.STDOUT);
        }
        if (!spec.redirectStderr() && stderrSink != null && stderrSink.takesPipes()) {
            streams.add(ChildListener.Stream.STDERR);
        }
        return streams;
    }

    private List<OutputSink> sinks() {
        List<OutputSink> out = new ArrayList<>(2);
        if (stdoutSink != null) {
            out.add(stdoutSink);
        }
        if (stderrSink != null) {
            out.add(stderrSink);
        }
        return out;
    }

    private static String errnoName(IOException e) {
        if (e instanceof NoSuchFileException || e instanceof java.io.FileNotFoundException
                && String.valueOf(e.getMessage()).contains("No such file")) {
            return "ENOENT";
        }
        if (e instanceof AccessDeniedException || String.valueOf(e.getMessage()).contains("Permission denied")) {
            return "EACCES";
        }
        if (String.valueOf(e.getMessage()).contains("Is a directory")) {
            return "EISDIR";
        }
        return "EIO";
    }

    /** supervisord's wait-status text: {@code exit status N} or {@code terminated by SIGX[ (core dumped)]}. */
    static String describe(ExitStatus status) {
        if (status.signal().isPresent()) {
            return "terminated by " + signame(status.signal().getAsInt())
                    + (status.coreDumped() ? " (core dumped)" : "");
        }
        return "exit status " + status.code();
    }

    static String signame(int sig) {
        return Signal.byNumber(sig).map(Signal::signame).orElse("signal " + sig);
    }

    @Override
    public String toString() {
        return "ProcessActor[" + spec.qualifiedName() + " " + state.name().toLowerCase(Locale.ROOT) + "]";
    }

    /** Runs on the reactor thread: hands everything to the actor and returns. */
    private static final class Relay implements ChildListener {
        private final ActorRef<Command> self;
        private final long spawn;
        private final Set<Stream> pipeStreams;

        Relay(ActorRef<Command> self, long spawn, Set<Stream> pipeStreams) {
            this.self = self;
            this.spawn = spawn;
            this.pipeStreams = pipeStreams;
        }

        @Override
        public boolean wantsPipe(Stream stream) {
            return pipeStreams.contains(stream);
        }

        @Override
        public void onReadable(OutputPipe pipe) {
            self.tell(new PipeReadable(pipe));
        }

        @Override
        public void onOutput(Stream stream, byte[] data) {
            self.tell(new ChildOutput(spawn, stream, data));
        }

        @Override
        public void onEof(Stream stream) {
            self.tell(new ChildEof(spawn, stream));
        }

        @Override
        public void onExit(ExitStatus status) {
            self.tell(new ChildExited(spawn, status));
        }
    }
}
