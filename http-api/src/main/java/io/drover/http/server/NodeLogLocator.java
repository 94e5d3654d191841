package io.drover.http.server;

import io.drover.config.LogTarget;
import io.drover.config.SupervisorConfig;
import io.drover.http.logtail.LogLocator;
import io.drover.http.xmlrpc.NodeClient;
import io.drover.node.supervisor.LogPaths;
import io.drover.node.supervisor.NodeSupervisor;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** Finds tail targets through the node's {@code GetLogPaths}; an unknown name is simply "no file" (404). */
final class NodeLogLocator implements LogLocator {
    private final NodeClient node;
    private final SupervisorConfig config;

    NodeLogLocator(NodeClient node, SupervisorConfig config) {
        this.node = node;
        this.config = config;
    }

    @Override
    public CompletionStage<Optional<Path>> processLog(String name, String channel) {
        return node.<LogPaths>ask(r -> new NodeSupervisor.GetLogPaths(name, r)).handle((paths, error) -> {
            if (error != null) {
                return Optional.empty();
            }
            return switch (channel) {
                case "stdout" -> paths.stdout();
                case "stderr" -> paths.stderr();
                default -> Optional.empty();
            };
        });
    }

    @Override
    public Optional<Path> mainLog() {
        // the logfile the last read names (supervisord: 404 until it exists)
        return node.daemon(config.daemon()).logfile() instanceof LogTarget.File f
                ? Optional.of(f.path()) : Optional.empty();
    }
}
