package io.drover.ops;

import io.drover.config.SupervisorConfig;
import io.drover.http.server.HttpServers;
import io.drover.node.NodeRuntime;
import io.drover.node.StartupTrace;
import io.drover.node.os.OsLayer;
import java.util.concurrent.CompletableFuture;
import org.slf4j.LoggerFactory;

/**
 * The daemon's start is one thread's work until the actors run: meanwhile the {@code drover-preload} thread makes,
 * on the second core, what does not depend on the config: libc's binding (jnr-ffi generates it, ~0.15 s of CPU;
 * the resource limits need it right after the config is read), the logging backend (the reactor), every jar's
 * {@code reference.conf} parsed (the {@code [drover]} settings at the end of the config read, then the actor
 * system) and, once the config is known to open an HTTP server, Pekko HTTP's header-parser tables. The longest
 * job goes first: whichever of the first two the main thread reaches before this thread started it, it makes
 * itself. The main thread blocks only on class initialization or
 * Typesafe Config's cache, so nothing is made twice and a failure here is reported by the main thread again.
 */
final class StartupPreload {
    private static final CompletableFuture<Boolean> SERVES_HTTP = new CompletableFuture<>();

    private StartupPreload() {
    }

    static void start() {
        Thread t = new Thread(StartupPreload::run, "drover-preload");
        t.setDaemon(true);
        t.start();
    }

    /**
     * What the config asks for: Pekko HTTP is made ready only for a config with a server, in the JVM that runs the
     * daemon ({@code runsHere}; not in one that only launches the detached daemon, whose start it would slow).
     */
    static void configRead(SupervisorConfig cfg, boolean runsHere) {
        SERVES_HTTP.complete(runsHere && (!cfg.inetServers().isEmpty() || !cfg.unixServers().isEmpty()));
    }

    private static void run() {
        try {
            OsLayer.preload();
            StartupTrace.mark("libc bound");
            LoggerFactory.getILoggerFactory();
            StartupTrace.mark("logging configured");
            NodeRuntime.actorConfig();
            StartupTrace.mark("actor config parsed");
            if (SERVES_HTTP.join()) {
                HttpServers.preload();
                StartupTrace.mark("http preloaded");
            }
        } catch (RuntimeException | LinkageError e) {
            // the main thread does the same work again and reports what fails
        }
    }
}
