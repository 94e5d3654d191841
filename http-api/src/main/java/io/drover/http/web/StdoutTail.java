package io.drover.http.web;

import io.drover.http.xmlrpc.NodeClient;
import io.drover.http.xmlrpc.RpcFault;
import io.drover.node.logs.LogFault;
import io.drover.node.logs.LogReadException;
import io.drover.node.logs.LogReader;
import io.drover.node.supervisor.Fault;
import io.drover.node.supervisor.LogPaths;
import io.drover.node.supervisor.NodeSupervisor;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The last bytes of a process's stdout log for the tail page, or what supervisord's UI shows instead:
 * {@code No file for NAME} when the process logs stdout nowhere (or the file is not there yet), and
 * {@code ERROR: unexpected rpc fault [CODE] TEXT} for anything else (an unknown name is BAD_NAME).
 */
final class StdoutTail {
    private final NodeClient node;
    private final Executor blockingIo;

    StdoutTail(NodeClient node, Executor blockingIo) {
        this.node = node;
        this.blockingIo = blockingIo;
    }

    CompletionStage<String> read(String name, long limit) {
        return node.<LogPaths>ask(reply -> new NodeSupervisor.GetLogPaths(name, reply))
                .thenApplyAsync(paths -> {
                    try {
                        byte[] tail = LogReader.read(paths.stdout(), -limit, 0);
                        return new String(tail, StandardCharsets.UTF_8);
                    } catch (LogReadException e) {
                        return e.fault() == LogFault.NO_FILE ? noFile(name)
                                : unexpected(e.fault().code(), e.getMessage());
                    }
                }, blockingIo)
                .exceptionally(error -> {
                    Throwable t = error;
                    while (t instanceof CompletionException && t.getCause() != null) {
                        t = t.getCause();
                    }
                    if (t instanceof RpcFault f) {
                        return f.code() == Fault.NO_FILE ? noFile(name) : unexpected(f.code(), f.text());
                    }
                    throw t instanceof RuntimeException r ? r : new CompletionException(t);
                });
    }

    private static String noFile(String name) {
        return "No file for " + name;
    }

    private static String unexpected(int code, String text) {
        return "ERROR: unexpected rpc fault [" + code + "] " + text;
    }
}
