package io.drover.node.supervisor;

import java.util.List;

/**
 * The answer to a start/stop/signal/restart addressed by name: {@code startProcess("a")} returns {@code true}
 * ({@link Done}) while {@code startProcess("g:*")} acts on the whole group and returns its per-process structs
 * ({@link PerProcess}), exactly as supervisord.
 */
public sealed interface ActionResult {

    /** The single process did what was asked (XML-RPC {@code true}). */
    record Done() implements ActionResult {
    }

    /** The name addressed a group; one struct per process. */
    record PerProcess(List<ProcessResult> results) implements ActionResult {
        public PerProcess {
            results = List.copyOf(results);
        }
    }

    ActionResult DONE = new Done();
}
