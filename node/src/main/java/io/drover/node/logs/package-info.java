/**
 * Child and daemon log files as supervisord keeps them: {@link io.drover.node.logs.RotatingLogFile} (append,
 * rotate, reopen), {@link io.drover.node.logs.LogChannel} (one process stream: capture markers, strip_ansi,
 * timestamps, events), AUTO names and start-up cleanup ({@link io.drover.node.logs.AutoLogName},
 * {@link io.drover.node.logs.AutoLogCleaner}) and the read/tail RPC rules ({@link io.drover.node.logs.LogReader}). The
 * file is the source of truth: readers on other threads read it, never the writer's state (the HTTP {@code tail -f}
 * is {@code io.drover.http.logtail.LogFollower}).
 */
package io.drover.node.logs;
