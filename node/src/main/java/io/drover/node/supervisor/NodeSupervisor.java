package io.drover.node.supervisor;

import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;

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
public final class NodeSupervisor {

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

    private NodeSupervisor() {
    }
}
