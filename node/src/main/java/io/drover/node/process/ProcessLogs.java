package io.drover.node.process;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The resolved log files of one process (AUTO already turned into a file in childlogdir, NONE/syslog empty).
 *
 * @param stdout the stdout log
 * @param stderr the stderr log (empty when redirected to stdout)
 */
public record ProcessLogs(Optional<Path> stdout, Optional<Path> stderr) {
    public static final ProcessLogs NONE = new ProcessLogs(Optional.empty(), Optional.empty());
}
