package io.drover.http.xmlrpc;

import io.drover.node.supervisor.NodeSupervisor;
import io.drover.node.supervisor.Reply;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
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
    private final Duration timeout;

    public NodeClient(ActorRef<NodeSupervisor.Command> node, Scheduler scheduler, Duration timeout) {
        this.node = node;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    public <T> CompletionStage<T> ask(Function<ActorRef<Reply<T>>, NodeSupervisor.Request<T>> request) {
        CompletionStage<Reply<T>> answer = Stages.plain(AskPattern.ask(node, request::apply, timeout, scheduler));
        return answer.handle((reply, error) -> {
            if (error != null) {
                Throwable t = XmlRpcDispatcher.cause(error);
                if (t instanceof TimeoutException) {
                    throw Fault.FAILED.error("the node did not answer within " + timeout.toSeconds() + "s");
                }
                throw Fault.FAILED.error(t.toString());
            }
            if (reply instanceof Reply.Success<T> s) {
                return s.value();
            }
            io.drover.node.supervisor.Fault f = ((Reply.Failure<T>) reply).fault();
            throw new RpcFault(f.code(), f.text());
        });
    }
}
