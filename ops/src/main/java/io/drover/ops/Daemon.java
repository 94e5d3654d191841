package io.drover.ops;

import io.drover.config.ConfigLoader;
import io.drover.config.LoadedConfig;
import io.drover.config.SupervisorConfig;
import io.drover.http.server.HttpServerException;
import io.drover.http.server.HttpServers;
import io.drover.node.NodeRuntime;
import io.drover.node.StartupTrace;
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

    private static final String ADDRESS_IN_USE = "Another program is already listening on a port that one of our"
            + " HTTP servers is configured to use.  Shut this program down first before starting supervisord.";

    private Daemon() {
    }

    /**
     * Runs the daemon until it stops; returns the process exit code. Like supervisord's main loop, a restart
     * (SIGHUP, {@code supervisor.restart}) ends one pass and the next pass is built from the file read again: the
     * daemon's user, log, HTTP servers (new port, new credentials) and pidfile follow the new {@code [supervisord]},
     * {@code [inet_http_server]} and {@code [unix_http_server]}; the pid stays.
     */
    public static int run(LoadedConfig loaded, DaemonOptions opts) {
        SupervisorConfig cfg = loaded.config();
        boolean daemonized = System.getenv(NodeRuntime.DAEMONIZED_MARKER) != null;
        if (!cfg.daemon().nodaemon() && !daemonized) {
            return Detacher.detach(cfg, System.err);
        }
        LoadedConfig current = loaded;
        boolean first = true;
        while (true) {
            Pass pass = runOnce(current, opts, daemonized && first);
            if (pass.next().isEmpty()) {
                return pass.exitCode();
            }
            current = pass.next().get();
            first = false;
        }
    }

    /** How one pass ended: an exit code, or the config of the next pass. */
    private record Pass(int exitCode, Optional<LoadedConfig> next) {
    }

    private static Pass runOnce(LoadedConfig loaded, DaemonOptions opts, boolean justDaemonized) {
        SupervisorConfig cfg = loaded.config();
        PrintStream console = cfg.daemon().nodaemon() && !cfg.daemon().silent() ? System.out : null;
        ConfigSource source = () -> reload(cfg, opts).config();
        NodeRuntime rt;
        try {
            rt = NodeRuntime.start(cfg, NodeRuntime.Options.of(source, console)
                    .withParseNotes(loaded.warnings(), loaded.infos()));
        } catch (NodeRuntime.StartupException e) {
            return new Pass(usage(e.getMessage()), Optional.empty());
        }
        HttpServers http;
        try {
            http = HttpServers.start(rt.system(), rt.node(), cfg, Optional.of(remoteComm(rt)), Optional.of(rt.table()),
                    rt.log());
        } catch (HttpServerException e) {
            // supervisord says only this (no log line) when a port or socket is taken.
            String message = e.addressInUse() ? ADDRESS_IN_USE : e.getMessage();
            if (!e.addressInUse()) {
                rt.log().critical(message);
            }
            rt.close();
            return new Pass(usage(message), Optional.empty());
        } catch (IllegalStateException e) {
            // A signal stopped the node while the servers were starting (its actor system takes no new actors):
            // that is a shutdown (or restart) like any other, not a crash.
            if (!terminatesSoon(rt)) {
                throw e;
            }
            http = null;
        }
        StartupTrace.mark("http servers listening");
        if (http != null) {
            if (justDaemonized) {
                rt.log().info("daemonizing the supervisord process");
                cfg.daemon().directory().ifPresent(d -> rt.log().info("set current directory: '" + d + "'"));
            }
            rt.begin();
            if (justDaemonized) {
                Detacher.reportReady();
            }
        }
        rt.awaitStopped();
        Optional<LoadedConfig> next = Optional.empty();
        String reloadError = null;
        if (rt.restartRequested()) {
            // Read while this pass's log is still open, so a broken file is reported where the operator looks.
            try {
                next = Optional.of(reload(cfg, opts));
            } catch (RuntimeException e) {
                reloadError = e.getMessage();
                rt.log().critical("could not reload the config: " + reloadError);
            }
        }
        try {
            if (http != null) {
                http.close();
            }
        } catch (RuntimeException e) {
            // the actor system is gone already; the servers went with it
        }
        rt.close();
        if (reloadError != null) {
            // supervisord's next pass fails the same way: a usage error on stderr, exit 2.
            return new Pass(usage(reloadError), Optional.empty());
        }
        return new Pass(0, next);
    }

    private static boolean terminatesSoon(NodeRuntime rt) {
        try {
            rt.system().getWhenTerminated().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    private static int usage(String message) {
        System.err.println("Error: " + message);
        System.err.println("For help, use " + System.getProperty("drover.launcher", "drover") + " -h");
        return 2;
    }

    /** sendRemoteCommEvent: a REMOTE_COMMUNICATION event through the node's event bus. */
    private static RemoteCommSender remoteComm(NodeRuntime rt) {
        return (type, data) -> AskPattern.<NodeSupervisor.Command, Reply<Boolean>>ask(rt.node(),
                        to -> new NodeSupervisor.SendRemoteCommEvent(type, data, to), Duration.ofSeconds(10),
                        rt.system().scheduler())
                .thenApply(Reply::isSuccess);
    }

    /** The file on disk again, with the command line's overrides on top (reload, restart, SIGHUP). */
    private static LoadedConfig reload(SupervisorConfig running, DaemonOptions opts) {
        LoadedConfig read = ConfigLoader.read(running.source(), NodeRuntime.daemonEnvironment());
        SupervisorConfig c = read.config();
        return new LoadedConfig(c.withDaemon(opts.applyTo(c.daemon())), read.warnings(), read.infos());
    }
}
