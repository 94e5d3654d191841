package io.drover.http.web;

import io.drover.http.xmlrpc.NodeClient;
import io.drover.http.xmlrpc.RpcFault;
import io.drover.node.supervisor.ActionResult;
import io.drover.node.supervisor.Fault;
import io.drover.node.supervisor.NodeSupervisor;
import io.drover.node.supervisor.ProcessInfo;
import io.drover.node.supervisor.ProcessResult;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The status page's actions ({@code ?action=...}), performed through the node's command protocol and answered
 * with the message supervisord's UI shows after them (scripts match these texts: keep them exact). Starts and
 * stops wait for the state change, as supervisord's UI does.
 */
final class StatusActions {
    private final NodeClient node;

    StatusActions(NodeClient node) {
        this.node = node;
    }

    /** An action the UI does not know (supervisord answers 500). */
    static final class UnknownAction extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnknownAction(String action) {
            super("unknown web UI action '" + WebUi.printable(action) + "'", null, false, false);
        }
    }

    /**
     * Performs {@code action} (on {@code processname} when it names one) and yields the message.
     *
     * @throws UnknownAction (possibly as the stage's failure) for an action supervisord's UI would refuse
     */
    CompletionStage<String> perform(String action, Optional<String> processname) {
        switch (action) {
            case "refresh":
                return CompletableFuture.completedFuture("Page refreshed at " + Ctime.now());
            case "stopall":
                return stopAll().thenApply(r -> "All stopped at " + Ctime.now());
            case "restartall":
                // stop then start, each one's faults reported to nobody, as supervisord's multicall does
                return stopAll().handle((r, e) -> null)
                        .thenCompose(x -> node.<List<ProcessResult>>askAction(
                                reply -> new NodeSupervisor.StartAllProcesses(true, reply)).handle((r, e) -> null))
                        .thenApply(x -> "All restarted at " + Ctime.now());
            default:
                break;
        }
        if (processname.isEmpty()) {
            throw new UnknownAction(action);
        }
        String name = processname.get();
        return exists(name).thenCompose(found -> found
                ? onProcess(action, name)
                : CompletableFuture.completedFuture("No such process named " + name));
    }

    private CompletionStage<List<ProcessResult>> stopAll() {
        return node.askAction(reply -> new NodeSupervisor.StopAllProcesses(true, reply));
    }

    /** supervisord's lookup: {@code group:name}, or a bare name for the group of the same name; never {@code g:*}. */
    private CompletionStage<Boolean> exists(String namespec) {
        int colon = namespec.indexOf(':');
        String group = colon < 0 ? namespec : namespec.substring(0, colon);
        String process = colon < 0 ? namespec : namespec.substring(colon + 1);
        if (process.isEmpty() || process.equals("*")) {
            return CompletableFuture.completedFuture(false);
        }
        return node.<List<ProcessInfo>>ask(NodeSupervisor.GetAllProcessInfo::new).thenApply(all -> all.stream()
                .anyMatch(p -> p.group().equals(group) && p.name().equals(process)));
    }

    private CompletionStage<String> onProcess(String action, String name) {
        return switch (action) {
            case "start" -> start(name).handle((ok, error) -> error == null
                    ? "Process " + name + " started"
                    : "ERROR: Process " + name + ": " + startFailure(fault(error)));
            case "stop" -> stop(name).handle((ok, error) -> error == null
                    ? "Process " + name + " stopped"
                    : unexpected(fault(error)));
            // stop then start, whatever each answers, as supervisord's multicall does
            case "restart" -> stop(name).handle((ok, error) -> null)
                    .thenCompose(x -> start(name).handle((ok, error) -> "Process " + name + " restarted"));
            case "clearlog" -> node.<Boolean>ask(reply -> new NodeSupervisor.ClearProcessLogs(name, reply))
                    .handle((ok, error) -> error == null ? "Log for " + name + " cleared" : unexpected(fault(error)));
            default -> throw new UnknownAction(action);
        };
    }

    private CompletionStage<ActionResult> start(String name) {
        return node.askAction(reply -> new NodeSupervisor.StartProcess(name, true, reply));
    }

    private CompletionStage<ActionResult> stop(String name) {
        return node.askAction(reply -> new NodeSupervisor.StopProcess(name, true, reply));
    }

    private static String startFailure(RpcFault f) {
        return switch (f.code()) {
            case Fault.NO_FILE -> "no such file";
            case Fault.NOT_EXECUTABLE -> "file not executable";
            case Fault.ALREADY_STARTED -> "already started";
            case Fault.SPAWN_ERROR -> "spawn error";
            case Fault.ABNORMAL_TERMINATION -> "abnormal termination";
            default -> unexpected(f);
        };
    }

    private static String unexpected(RpcFault f) {
        return "unexpected rpc fault [" + f.code() + "] " + f.text();
    }

    /** The fault a node call failed with (NodeClient fails with RpcFault only; anything else is a bug: rethrown). */
    private static RpcFault fault(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof RpcFault f) {
            return f;
        }
        throw t instanceof RuntimeException r ? r : new CompletionException(t);
    }
}
