package io.drover.http.xmlrpc;

import io.drover.config.DaemonSettings;
import io.drover.node.supervisor.NodeSupervisor;
import io.drover.node.supervisor.ProcessTable;
import io.drover.node.supervisor.Reply;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Scheduler;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Asks the node's {@link NodeSupervisor} without blocking: a {@link Reply.Success} completes the stage with its
 * value, a {@link Reply.Failure} fails it with the equivalent {@link RpcFault}, and no answer within the timeout
 * fails it with FAILED.
 */
public final class NodeClient {
    private final ActorRef<NodeSupervisor.Command> node;
    private final Scheduler scheduler;
    private final Duration queryTimeout;
    private final Duration actionTimeout;
    private final Executor continuations;
    private final Optional<ProcessTable> table;

    /**
     * @param queryTimeout  how long a request that the node answers at once may take (a lost answer must not hang
     *                      a client for long)
     * @param actionTimeout how long a start or stop may wait for the processes (startsecs, stopwaitsecs)
     * @param continuations where work on an answer continues (not in the node actor's turn)
     * @param table         the node's process table, when this runs in the node's JVM
     */
    public NodeClient(ActorRef<NodeSupervisor.Command> node, Scheduler scheduler, Duration queryTimeout,
                      Duration actionTimeout, Executor continuations, Optional<ProcessTable> table) {
        this.table = table;
        this.node = node;
        this.scheduler = scheduler;
        this.queryTimeout = queryTimeout;
        this.actionTimeout = actionTimeout;
        this.continuations = continuations;
    }

    /**
     * The {@code [supervisord]} settings of the node's last config read (a reread changes supervisord's identifier
     * and logfile at once), or {@code started}'s when there is no process table to read them from.
     */
    public DaemonSettings daemon(DaemonSettings started) {
        return table.flatMap(ProcessTable::daemon).orElse(started);
    }

    /** A request the node answers at once. */
    public <T> CompletionStage<T> ask(Function<ActorRef<Reply<T>>, NodeSupervisor.Request<T>> request) {
        return ask(request, queryTimeout);
    }

    /**
     * A read of the process table: straight from the table when there is one (no ask, no thread hand-off), else
     * asked of the node.
     */
    public <T> CompletionStage<T> read(Function<ProcessTable, Reply<T>> fromTable,
                                       Function<ActorRef<Reply<T>>, NodeSupervisor.Request<T>> request) {
        if (table.isEmpty()) {
            return ask(request);
        }
        try {
            return CompletableFuture.completedFuture(value(fromTable.apply(table.get())));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** A start or stop that may wait for processes to come up or go down. */
    public <T> CompletionStage<T> askAction(Function<ActorRef<Reply<T>>, NodeSupervisor.Request<T>> request) {
        return ask(request, actionTimeout);
    }

    private <T> CompletionStage<T> ask(Function<ActorRef<Reply<T>>, NodeSupervisor.Request<T>> request,
                                       Duration timeout) {
        CompletionStage<Reply<T>> answer = Stages.plainOn(AskPattern.ask(node, request::apply, timeout, scheduler),
                continuations);
        return answer.handle((reply, error) -> {
            if (error != null) {
                Throwable t = XmlRpcDispatcher.cause(error);
                if (t instanceof TimeoutException) {
                    throw Fault.FAILED.error("the node did not answer within " + timeout.toSeconds() + "s");
                }
                throw Fault.FAILED.error(t.toString());
            }
            return value(reply);
        });
    }

    private static <T> T value(Reply<T> reply) {
        if (reply instanceof Reply.Success<T> s) {
            return s.value();
        }
        io.drover.node.supervisor.Fault f = ((Reply.Failure<T>) reply).fault();
        throw new RpcFault(f.code(), f.text());
    }
}
