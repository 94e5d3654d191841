package io.drover.ops;

import io.drover.config.ConfigLoader;
import io.drover.config.SupervisorConfig;
import io.drover.http.server.HttpServerException;
import io.drover.http.server.HttpServers;
import io.drover.node.NodeRuntime;
import io.drover.node.supervisor.ConfigSource;
import io.drover.http.xmlrpc.RemoteCommSender;
import io.drover.node.supervisor.NodeSupervisor;
import io.drover.node.supervisor.Reply;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Runs the daemon for a loaded config as supervisord does: detached by default (see {@link Detacher}), in the
 * foreground with {@code -n} / {@code nodaemon=true}; the node runtime, then the HTTP servers, then the pidfile and
 * the autostart processes; returns once the daemon has shut down.
 */
public final class Daemon {
    private Daemon() {
    }

    /** Runs the daemon until it stops; returns the process exit code. */
    public static int run(SupervisorConfig cfg, DaemonOptions opts) {
        boolean daemonized = System.getenv(NodeRuntime.DAEMONIZED_MARKER) != null;
        if (!cfg.daemon().nodaemon() && !daemonized) {
            return Detacher.detach(cfg, System.err);
        }
        PrintStream console = cfg.daemon().nodaemon() && !cfg.daemon().silent() ? System.out : null;
        ConfigSource source = () -> reload(cfg, opts);
        NodeRuntime rt;
        try {
            rt = NodeRuntime.start(cfg, NodeRuntime.Options.of(source, console));
        } catch (NodeRuntime.StartupException e) {
            System.err.println("Error: " + e.getMessage());
            System.err.println("For help, use " + System.getProperty("drover.launcher", "drover") + " -h");
            return 2;
        }
        HttpServers http;
        try {
            http = HttpServers.start(rt.system(), rt.node(), cfg, Optional.of(remoteComm(rt)), Optional.of(rt.table()));
        } catch (HttpServerException e) {
            rt.log().critical(e.getMessage());
            rt.close();
            System.err.println("Error: " + e.getMessage());
            System.err.println("For help, use " + System.getProperty("drover.launcher", "drover") + " -h");
            return 2;
        }
        if (daemonized) {
            rt.log().info("daemonizing the supervisord process");
            cfg.daemon().directory().ifPresent(d -> rt.log().info("set current directory: '" + d + "'"));
        }
        rt.begin();
        int code = rt.awaitTermination();
        try {
            http.close();
        } catch (RuntimeException e) {
            // the actor system is gone already; the servers went with it
        }
        return code;
    }

    /** sendRemoteCommEvent: a REMOTE_COMMUNICATION event through the node's event bus. */
    private static RemoteCommSender remoteComm(NodeRuntime rt) {
        return (type, data) -> AskPattern.<NodeSupervisor.Command, Reply<Boolean>>ask(rt.node(),
                        to -> new NodeSupervisor.SendRemoteCommEvent(type, data, to), Duration.ofSeconds(10),
                        rt.system().scheduler())
                .thenApply(Reply::isSuccess);
    }

    /** The file on disk again, with the command line's overrides on top (reload, restart, SIGHUP). */
    private static SupervisorConfig reload(SupervisorConfig running, DaemonOptions opts) {
        SupervisorConfig c = ConfigLoader.load(running.source());
        return new SupervisorConfig(c.source(), opts.applyTo(c.daemon()), c.inetServer(), c.unixServer(), c.ctl(),
                c.groups(), c.drover());
    }
}
