package io.drover.node.supervisor;

import io.drover.config.ProcessSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One row of {@code getAllConfigInfo}: a process's config, its group's priority and whether the group is in use.
 *
 * @param spec           the process config (the XML-RPC layer renders supervisord's keys from it)
 * @param groupPriority  {@code group_prio}
 * @param inuse          whether the group is active in the daemon
 * @param stdoutLogfile  the resolved stdout log (AUTO resolved when in use), empty for none / not yet resolved
 * @param stderrLogfile  the resolved stderr log
 */
public record ConfigInfo(
        ProcessSpec spec,
        int groupPriority,
        boolean inuse,
        Optional<Path> stdoutLogfile,
        Optional<Path> stderrLogfile) {
}
