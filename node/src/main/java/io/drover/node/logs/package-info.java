/**
 * Child and daemon log files as supervisord keeps them: {@link io.drover.node.logs.RotatingLogFile} (append,
 * rotate, reopen), {@link io.drover.node.logs.LogChannel} (one process stream: capture markers, strip_ansi,
 * timestamps, events), AUTO names and start-up cleanup ({@link io.drover.node.logs.AutoLogName},
 * {@link io.drover.node.logs.AutoLogCleaner}), the read/tail RPC rules ({@link io.drover.node.logs.LogReader}) and
 * the HTTP {@code tail -f} ({@link io.drover.node.logs.LogFollower}). The file is the source of truth: readers on
 * other threads read it, never the writer's state.
 */
package io.drover.node.logs;
