package io.drover.http.server;

import io.drover.node.supervisor.ActionResult;
import io.drover.node.supervisor.Fault;
import io.drover.node.supervisor.LogPaths;
import io.drover.node.supervisor.NodeSupervisor;
import io.drover.node.supervisor.ProcessInfo;
import io.drover.node.supervisor.ProcessResult;
import io.drover.node.supervisor.Reply;
import io.drover.node.supervisor.SupervisorState;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A stand-in for the node's NodeSupervisor that answers the protocol from a fixed table (one process "a" with
 * stdout logged to a given file), so the HTTP layer can be exercised before and apart from the real actors.
 */
final class FixtureNode {
    private FixtureNode() {
    }

    static Behavior<NodeSupervisor.Command> create(Path stdoutLog) {
        return Behaviors.receive(NodeSupervisor.Command.class)
                .onMessage(NodeSupervisor.GetState.class, m -> reply(m.replyTo(), Reply.ok(SupervisorState.RUNNING)))
                .onMessage(NodeSupervisor.GetProcessInfo.class, m -> reply(m.replyTo(), m.name().equals("a")
                        || m.name().equals("a:a") ? Reply.ok(info()) : Reply.fault(Fault.of(Fault.BAD_NAME, m.name()))))
                .onMessage(NodeSupervisor.GetAllProcessInfo.class, m -> reply(m.replyTo(), Reply.ok(List.of(info()))))
                .onMessage(NodeSupervisor.GetLogPaths.class, m -> reply(m.replyTo(), m.name().equals("a")
                        ? Reply.ok(new LogPaths("a", "a", Optional.of(stdoutLog), Optional.empty()))
                        : Reply.fault(Fault.of(Fault.BAD_NAME, m.name()))))
                .onMessage(NodeSupervisor.StartProcess.class, m -> reply(m.replyTo(), m.name().equals("g:*")
                        ? Reply.ok(new ActionResult.PerProcess(List.of(ProcessResult.ok("g", "x"))))
                        : Reply.fault(Fault.of(Fault.ALREADY_STARTED, m.name()))))
                .onMessage(NodeSupervisor.SignalProcess.class, m -> reply(m.replyTo(), Reply.ok(ActionResult.DONE)))
                .build();
    }

    private static ProcessInfo info() {
        return new ProcessInfo("a", "a", "pid 42, uptime 0:00:07", 1795324026L, 0L, 1795324033L, 20, "RUNNING", "",
                0, "/tmp/a.out", "/tmp/a.out", "", 42);
    }

    private static <T> Behavior<NodeSupervisor.Command> reply(org.apache.pekko.actor.typed.ActorRef<Reply<T>> to,
                                                              Reply<T> reply) {
        to.tell(reply);
        return Behaviors.same();
    }
}
