package io.drover.node.supervisor;

import io.drover.node.mainlog.MainLog;
import io.drover.node.os.ChildLauncher;
import io.drover.node.process.OutputSink;
import io.drover.node.process.ProcessStatus;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What a {@link NodeSupervisor} is built from besides the config.
 *
 * @param launcher          the OS layer's spawner
 * @param log               the daemon's activity log
 * @param daemonEnvironment the daemon's environment, the base of every child's
 * @param configSource      reads the config file again
 * @param sinks             opens child log files
 * @param statusObserver    sees every process status change after the node's table (events, metrics); may be a
 *                          no-op; called on the NodeSupervisor's thread, must not block
 * @param eventSerial       the last event serial handed out; the daemon passes one that outlives a SIGHUP restart
 */
public record NodeSettings(
        ChildLauncher launcher,
        MainLog log,
        Map<String, String> daemonEnvironment,
        ConfigSource configSource,
        OutputSink.Factory sinks,
        Consumer<ProcessStatus> statusObserver,
        AtomicLong eventSerial) {

    public NodeSettings {
        daemonEnvironment = Map.copyOf(daemonEnvironment);
    }

    /** Settings whose event serials start at 0. */
    public NodeSettings(ChildLauncher launcher, MainLog log, Map<String, String> daemonEnvironment,
                        ConfigSource configSource, OutputSink.Factory sinks, Consumer<ProcessStatus> statusObserver) {
        this(launcher, log, daemonEnvironment, configSource, sinks, statusObserver, new AtomicLong(-1));
    }
}
