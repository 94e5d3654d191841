package io.drover.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.drover.config.DaemonSettings;
import io.drover.config.LogTarget;
import io.drover.config.SupervisorConfig;
import io.drover.node.logs.AutoLogCleaner;
import io.drover.node.mainlog.MainLog;
import io.drover.node.os.DaemonSignals;
import io.drover.node.os.OsLayer;
import io.drover.node.os.ResourceLimits;
import io.drover.node.os.SyslogSocket;
import io.drover.node.process.LogChannelSink;
import io.drover.node.process.OutputSink;
import io.drover.node.process.ProcessStatus;
import io.drover.node.supervisor.ConfigSource;
import io.drover.node.supervisor.NodeSettings;
import io.drover.node.supervisor.NodeSupervisor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

/**
 * One node's local plane, wired: the daemon log, minfds/minprocs, AUTO child log cleanup, the OS layer, one local
 * ActorSystem (never clustered) whose guardian is the {@link NodeSupervisor}, the pidfile and the daemon's signals.
 *
 * <pre>{@code
 * NodeRuntime rt = NodeRuntime.start(cfg, options);   // groups exist, nothing spawned yet
 * ... start the HTTP servers on rt.system() / rt.node() ...
 * rt.begin();                                          // pidfile, "supervisord started with pid N", autostart
 * int code = rt.awaitTermination();                    // after SIGTERM / shutdown: children stopped, pidfile gone
 * }</pre>
 */
public final class NodeRuntime implements AutoCloseable {

    /** Environment variables of the daemon's own launch that children must not inherit. */
    public static final String DAEMONIZED_MARKER = "DROVER_DAEMONIZED";
    private static final java.util.Set<String> PRIVATE_ENV = java.util.Set.of(DAEMONIZED_MARKER, "_JAVA_SR_SIGNUM");

    /**
     * How the runtime is run.
     *
     * @param configSource   reads the config again (reload, restart, SIGHUP)
     * @param console        where log lines also go in the foreground ({@code -n} and not silent); null for none
     * @param sinks          opens child log files
     * @param statusObserver sees every process status (events, metrics); must not block
     */
    public record Options(ConfigSource configSource, PrintStream console, OutputSink.Factory sinks,
                          Consumer<ProcessStatus> statusObserver) {

        /** Defaults: rotating child logs, no observer. */
        public static Options of(ConfigSource configSource, PrintStream console) {
            return new Options(configSource, console, LogChannelSink.FACTORY, s -> {
            });
        }
    }

    /** The daemon cannot start (supervisord's usage errors: minfds, the log file's directory, ...). */
    public static final class StartupException extends Exception {
        private static final long serialVersionUID = 1L;

        public StartupException(String message) {
            super(message);
        }
    }

    private final SupervisorConfig config;
    private final MainLog log;
    private final OsLayer os;
    private final ActorSystem<NodeSupervisor.Command> system;
    private DaemonSignals signals;
    private boolean pidfileWritten;

    private NodeRuntime(SupervisorConfig config, MainLog log, OsLayer os, ActorSystem<NodeSupervisor.Command> system) {
        this.config = config;
        this.log = log;
        this.os = os;
        this.system = system;
    }

    /** Opens the log, checks the limits, cleans AUTO logs, and creates the actor system (nothing spawned yet). */
    public static NodeRuntime start(SupervisorConfig cfg, Options options) throws StartupException {
        DaemonSettings d = cfg.daemon();
        for (ResourceLimits.Limit limit : ResourceLimits.Limit.values()) {
            long minimum = limit == ResourceLimits.Limit.NOFILE ? d.minfds() : d.minprocs();
            ResourceLimits.Outcome o = ResourceLimits.ensureMinimum(limit, minimum);
            if (o.refusal().isPresent()) {
                throw new StartupException(o.refusal().get());
            }
        }
        MainLog log;
        try {
            Optional<Path> file = d.logfile() instanceof LogTarget.File f ? Optional.of(f.path()) : Optional.empty();
            log = d.logfile() instanceof LogTarget.Syslog
                    ? MainLog.syslog(SyslogSocket.shared()::send, d.loglevel(), options.console())
                    : MainLog.open(file, d.loglevel(), options.console(), d.logfileMaxbytes(), d.logfileBackups());
        } catch (IOException e) {
            throw new StartupException(e.getMessage());
        }
        if (isRoot() && d.user().isEmpty()) {
            log.critical("Supervisor is running as root.  Privileges were not dropped because no user is specified "
                    + "in the config file.  If you intend to run as root, you can set user=root in the config file "
                    + "to avoid this message.");
        }
        if (!d.nocleanup()) {
            AutoLogCleaner.clean(d.childlogdir(), d.identifier(), log::warn);
        }
        OsLayer os = OsLayer.start();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeAll(PRIVATE_ENV);
        NodeSettings settings = new NodeSettings(os.launcher(), log, env, options.configSource(), options.sinks(),
                options.statusObserver());
        ActorSystem<NodeSupervisor.Command> system = ActorSystem.create(
                NodeSupervisor.create(cfg, settings, true), "drover", actorConfig());
        NodeRuntime rt = new NodeRuntime(cfg, log, os, system);
        rt.signals = DaemonSignals.install(os, sig -> system.tell(new NodeSupervisor.DaemonSignal(sig.number)));
        return rt;
    }

    /** A small local actor system: a few dispatcher threads whatever the number of programs, no remoting. */
    static Config actorConfig() {
        return ConfigFactory.parseString("""
                pekko.actor.provider = local
                pekko.loglevel = WARNING
                pekko.stdout-loglevel = WARNING
                pekko.log-dead-letters = off
                pekko.log-dead-letters-during-shutdown = off
                pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = 2
                pekko.actor.default-dispatcher.fork-join-executor.parallelism-max = 4
                pekko.actor.internal-dispatcher.fork-join-executor.parallelism-min = 1
                pekko.actor.internal-dispatcher.fork-join-executor.parallelism-max = 2
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                # supervisord acts on 1 s ticks; a coarser timer wheel keeps an idle daemon idle.
                pekko.scheduler.tick-duration = 50ms
                """).withFallback(ConfigFactory.load());
    }

    public ActorSystem<NodeSupervisor.Command> system() {
        return system;
    }

    public ActorRef<NodeSupervisor.Command> node() {
        return system;
    }

    public MainLog log() {
        return log;
    }

    /** Writes the pidfile, logs {@code supervisord started with pid N} and starts the autostart processes. */
    public void begin() {
        long pid = ProcessHandle.current().pid();
        Path pidfile = config.daemon().pidfile();
        try {
            Files.writeString(pidfile, pid + "\n");
            pidfileWritten = true;
            log.info("supervisord started with pid " + pid);
        } catch (IOException e) {
            log.critical("could not write pidfile " + pidfile);
        }
        system.tell(NodeSupervisor.BeginAutostart.INSTANCE);
    }

    /** Blocks until the node has shut down (every child stopped), then cleans up. Returns the exit code (0). */
    public int awaitTermination() {
        try {
            system.getWhenTerminated().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.critical("actor system failed: " + e.getCause());
        }
        close();
        return 0;
    }

    /** Terminates the system if still running (children are killed by their actors), removes the pidfile. */
    @Override
    public void close() {
        if (signals != null) {
            signals.close();
            signals = null;
        }
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // terminating anyway
        }
        if (pidfileWritten) {
            try {
                Files.deleteIfExists(config.daemon().pidfile());
            } catch (IOException e) {
                // nothing left to report to
            }
            pidfileWritten = false;
        }
        os.close();
        log.close();
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }
}
