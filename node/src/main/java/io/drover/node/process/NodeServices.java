package io.drover.node.process;

import io.drover.node.mainlog.MainLog;
import io.drover.node.os.ChildLauncher;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What every Group/ProcessActor of a node shares.
 *
 * @param launcher               spawns children (the OS layer)
 * @param log                    the daemon's activity log
 * @param daemonEnvironment      the daemon's own environment (the base of every child's)
 * @param supervisordEnvironment {@code [supervisord] environment}, applied under the program's own
 * @param defaultServerUrl       SUPERVISOR_SERVER_URL for {@code serverurl=AUTO}: {@code unix://file} or
 *                               {@code http://host:port}; empty when no server is configured
 * @param sinks                  opens log files for child output
 * @param statusListener         receives every {@link ProcessStatus} (the node's process table)
 * @param events                 the node's event bus (state-change events, listener I/O); null: no events
 */
public record NodeServices(
        ChildLauncher launcher,
        MainLog log,
        Map<String, String> daemonEnvironment,
        Map<String, String> supervisordEnvironment,
        Optional<String> defaultServerUrl,
        OutputSink.Factory sinks,
        ActorRef<ProcessStatus> statusListener,
        ActorRef<io.drover.node.events.EventBus.Command> events) {

    public NodeServices {
        daemonEnvironment = Map.copyOf(daemonEnvironment);
        supervisordEnvironment = Map.copyOf(supervisordEnvironment);
    }

    /** Services without an event bus. */
    public NodeServices(ChildLauncher launcher, MainLog log, Map<String, String> daemonEnvironment,
                        Map<String, String> supervisordEnvironment, Optional<String> defaultServerUrl,
                        OutputSink.Factory sinks, ActorRef<ProcessStatus> statusListener) {
        this(launcher, log, daemonEnvironment, supervisordEnvironment, defaultServerUrl, sinks, statusListener, null);
    }
}
