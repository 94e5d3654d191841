package io.drover.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import io.drover.config.DaemonSettings;
import io.drover.config.LogTarget;
import io.drover.config.SupervisorConfig;
import io.drover.node.logs.AutoLogCleaner;
import io.drover.node.mainlog.MainLog;
import io.drover.node.os.DaemonSignals;
import io.drover.node.os.DaemonUser;
import io.drover.node.os.OsLayer;
import io.drover.node.os.ResourceLimits;
import io.drover.node.os.SyslogSocket;
import io.drover.node.process.LogChannelSink;
import io.drover.node.process.OutputSink;
import io.drover.node.process.ProcessStatus;
import io.drover.node.supervisor.ConfigSource;
import io.drover.node.supervisor.NodeSettings;
import io.drover.node.supervisor.NodeSupervisor;
import io.drover.node.supervisor.ProcessTable;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

/**
 * One node's local plane, wired: the daemon's user ({@code user=}), the daemon log, minfds/minprocs, AUTO child log cleanup, the OS layer, one local
 * ActorSystem (never clustered) whose guardian is the {@link NodeSupervisor}, the pidfile and the daemon's signals.
 *
 * <pre>{@code
 * NodeRuntime rt = NodeRuntime.start(cfg, options);   // groups exist, nothing spawned yet
 * ... start the HTTP servers on rt.system() / rt.node() ...
 * rt.begin();                                          // pidfile, "supervisord started with pid N", autostart
 * int code = rt.awaitTermination();                    // after SIGTERM / shutdown: children stopped, pidfile gone
 * }</pre>
 * After a SIGHUP the node stops too ({@link #restartRequested()}); the owner reads the file again and starts a new
 * runtime, so the daemon's user, log, HTTP servers and pidfile all follow the new file.
 */
public final class NodeRuntime implements AutoCloseable {

    /** Environment variables of the daemon's own launch that children must not inherit. */
    public static final String DAEMONIZED_MARKER = "DROVER_DAEMONIZED";
    /** supervisord's GlobalSerial: one per daemon process, so event serials go on across SIGHUP passes. */
    private static final java.util.concurrent.atomic.AtomicLong EVENT_SERIAL =
            new java.util.concurrent.atomic.AtomicLong(-1);
    private static final java.util.Set<String> PRIVATE_ENV = java.util.Set.of(DAEMONIZED_MARKER, "_JAVA_SR_SIGNUM");

    /**
     * The daemon's environment as supervisord's would be: without what the launcher set for the JVM, so that
     * neither children nor {@code %(ENV_X)s} (start, reread, SIGHUP) see it.
     */
    public static Map<String, String> daemonEnvironment() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.keySet().removeAll(PRIVATE_ENV);
        return env;
    }

    /**
     * How the runtime is run.
     *
     * @param configSource   reads the config again (reload, restart, SIGHUP)
     * @param console        where log lines also go in the foreground ({@code -n} and not silent); null for none
     * @param sinks          opens child log files
     * @param statusObserver sees every process status (events, metrics); must not block
     */
    public record Options(ConfigSource configSource, PrintStream console, OutputSink.Factory sinks,
                          Consumer<ProcessStatus> statusObserver, List<String> parseWarnings,
                          List<String> parseInfos) {

        /** Defaults: rotating child logs, no observer, nothing noted while reading the file. */
        public static Options of(ConfigSource configSource, PrintStream console) {
            return new Options(configSource, console, LogChannelSink.FACTORY, s -> {
            }, List.of(), List.of());
        }

        /**
         * With what reading the file noted ({@code LoadedConfig}): supervisord writes its parse warnings at WARN and
         * its parse infos (each included file) at INFO as soon as its log is open, after the running-as-root line.
         */
        public Options withParseNotes(List<String> warnings, List<String> infos) {
            return new Options(configSource, console, sinks, statusObserver, List.copyOf(warnings),
                    List.copyOf(infos));
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
    private final java.util.concurrent.atomic.AtomicBoolean restartRequested;
    private final ProcessTable table;
    private DaemonSignals signals;
    private boolean pidfileWritten;

    private NodeRuntime(SupervisorConfig config, MainLog log, OsLayer os, ActorSystem<NodeSupervisor.Command> system,
                        java.util.concurrent.atomic.AtomicBoolean restartRequested, ProcessTable table) {
        this.restartRequested = restartRequested;
        this.table = table;
        this.config = config;
        this.log = log;
        this.os = os;
        this.system = system;
    }

    /** Opens the log, checks the limits, cleans AUTO logs, and creates the actor system (nothing spawned yet). */
    public static NodeRuntime start(SupervisorConfig cfg, Options options) throws StartupException {
        DaemonSettings d = cfg.daemon();
        // As supervisord: become the user first, so the log, the pidfile and the sockets belong to that user.
        Optional<Integer> uid = Optional.empty();
        if (d.user().isPresent()) {
            try {
                uid = Optional.of(DaemonUser.become(d.user().get()));
            } catch (DaemonUser.RefusedException e) {
                throw new StartupException(e.getMessage());
            }
        }
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
        if (DaemonUser.isRoot() && d.user().isEmpty()) {
            log.critical("Supervisor is running as root.  Privileges were not dropped because no user is specified "
                    + "in the config file.  If you intend to run as root, you can set user=root in the config file "
                    + "to avoid this message.");
        }
        StartupTrace.mark("main log open");
        options.parseWarnings().forEach(log::warn);
        options.parseInfos().forEach(log::info);
        uid.ifPresent(u -> log.info("Set uid to user " + u + " succeeded"));
        if (!d.nocleanup()) {
            AutoLogCleaner.clean(d.childlogdir(), d.identifier(), log::warn);
        }
        OsLayer os = OsLayer.start();
        StartupTrace.mark("reactor started");
        Map<String, String> env = daemonEnvironment();
        NodeSettings settings = new NodeSettings(os.launcher(), log, env, options.configSource(), options.sinks(),
                options.statusObserver(), EVENT_SERIAL);
        java.util.concurrent.atomic.AtomicBoolean restart = new java.util.concurrent.atomic.AtomicBoolean();
        ProcessTable table = new ProcessTable();
        ActorSystem<NodeSupervisor.Command> system = localSystem(
                NodeSupervisor.create(cfg, settings, true, table, () -> restart.set(true)), "drover");
        StartupTrace.mark("actor system up");
        NodeRuntime rt = new NodeRuntime(cfg, log, os, system, restart, table);
        rt.signals = DaemonSignals.install(os, sig -> system.tell(new NodeSupervisor.DaemonSignal(sig.number)));
        StartupTrace.mark("signals installed");
        return rt;
    }

    /** A small local actor system: a few dispatcher threads whatever the number of programs, no remoting. */
    public static Config actorConfig() {
        Config config = ConfigFactory.parseString("""
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
                # Streams and any Pekko IO run on one thread of their own, so a burst of process-actor work (a
                # restart storm) does not queue ahead of them. (The inet HTTP server has its own event-loop thread.)
                drover.io-dispatcher {
                  type = Dispatcher
                  executor = fork-join-executor
                  fork-join-executor { parallelism-min = 1, parallelism-max = 1 }
                  throughput = 64
                }
                pekko.io.tcp.worker-dispatcher = drover.io-dispatcher
                pekko.stream.materializer.dispatcher = drover.io-dispatcher
                """).withFallback(ConfigFactory.load());
        return withoutWireSerializers(config);
    }

    /**
     * An actor system on {@link #actorConfig()} that really goes without the wire serializers. Pekko falls back on
     * {@code ConfigFactory.defaultReference(its class loader)}, which would bring back every key this config
     * left out, and with them 17 serializers built at start (two Jackson object mappers, protobuf, ~140 lambda
     * classes: ~0.3 s of the main thread's CPU). The config already holds every reference.conf key Pekko reads, so
     * the system gets a class loader that shows it no reference.conf (its fallback is then the system properties
     * alone) and loads everything else from this one. That loader is also the context class loader of Pekko's
     * threads: code on them that needs a reference.conf names its class loader (as {@code DroverSettingsLoader}).
     */
    public static <T> ActorSystem<T> localSystem(Behavior<T> guardian, String name) {
        return ActorSystem.create(guardian, name,
                BootstrapSetup.create(actorConfig()).withClassloader(WithoutReferenceFiles.INSTANCE));
    }

    /**
     * Delegates everything to the application class loader but hides every {@code reference.conf} and every jar
     * manifest. Pekko reads the manifests only to check that its modules' versions agree (ManifestInfo, ~30 ms of
     * the main thread's CPU at start, every jar opened); the distribution's jars come from one build, where Maven
     * pins those versions.
     */
    private static final class WithoutReferenceFiles extends ClassLoader {
        static final WithoutReferenceFiles INSTANCE = new WithoutReferenceFiles(NodeRuntime.class.getClassLoader());
        private static final Set<String> HIDDEN = Set.of("reference.conf", "META-INF/MANIFEST.MF");

        private WithoutReferenceFiles(ClassLoader parent) {
            super(parent);
        }

        @Override
        public URL getResource(String name) {
            return HIDDEN.contains(name) ? null : super.getResource(name);
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            return HIDDEN.contains(name) ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }

    /** Packages of the serializers only a networked system uses (remoting, cluster, Jackson). */
    private static final List<String> WIRE_SERIALIZERS = List.of("org.apache.pekko.remote.",
            "org.apache.pekko.cluster.", "org.apache.pekko.serialization.jackson.");

    /**
     * The local plane never serializes a message, but Pekko creates every configured serializer when the system
     * starts, and the cluster module's jars configure 17 (protobuf, two Jackson object mappers): leave those out,
     * with their bindings. Pekko's own local ones (java, bytes, primitives, typed, stream refs) stay.
     */
    static Config withoutWireSerializers(Config config) {
        Set<String> dropped = new HashSet<>();
        Config out = config;
        for (Map.Entry<String, ConfigValue> e : config.getObject("pekko.actor.serializers").entrySet()) {
            String cls = String.valueOf(e.getValue().unwrapped());
            if (WIRE_SERIALIZERS.stream().anyMatch(cls::startsWith)) {
                dropped.add(e.getKey());
                out = out.withoutPath(ConfigUtil.joinPath("pekko", "actor", "serializers", e.getKey()));
            }
        }
        for (Map.Entry<String, ConfigValue> e : config.getObject("pekko.actor.serialization-bindings").entrySet()) {
            if (dropped.contains(String.valueOf(e.getValue().unwrapped()))) {
                out = out.withoutPath(ConfigUtil.joinPath("pekko", "actor", "serialization-bindings", e.getKey()));
            }
        }
        return out;
    }

    public ActorSystem<NodeSupervisor.Command> system() {
        return system;
    }

    public ActorRef<NodeSupervisor.Command> node() {
        return system;
    }

    /** The process table, readable from any thread (the HTTP servers answer process info from it). */
    public ProcessTable table() {
        return table;
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
            StartupTrace.mark("started line");
        } catch (IOException e) {
            log.critical("could not write pidfile " + pidfile);
        }
        system.tell(NodeSupervisor.BeginAutostart.INSTANCE);
    }

    /** Blocks until the node has shut down (every child stopped), then cleans up. Returns the exit code (0). */
    public int awaitTermination() {
        awaitStopped();
        close();
        return 0;
    }

    /**
     * Blocks until the node has stopped (every child stopped, the actor system gone) and leaves the log open; then
     * {@link #restartRequested()} tells a shutdown from a restart, and {@link #close()} cleans up.
     */
    public void awaitStopped() {
        try {
            system.getWhenTerminated().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            log.critical("actor system failed: " + e.getCause());
        }
    }

    /**
     * Whether the node stopped for a restart (SIGHUP, {@code supervisor.restart}): the owner then reads the config
     * again and starts a new runtime in this process, as supervisord's main loop does.
     */
    public boolean restartRequested() {
        return restartRequested.get();
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
}
