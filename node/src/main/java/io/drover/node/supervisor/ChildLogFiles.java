package io.drover.node.supervisor;

import io.drover.config.DaemonSettings;
import io.drover.config.LogChannelSpec;
import io.drover.config.LogTarget;
import io.drover.config.ProcessSpec;
import io.drover.node.mainlog.MainLog;
import io.drover.node.process.ProcessLogs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a process's {@code stdout_logfile} / {@code stderr_logfile} into files when its group is activated: AUTO
 * becomes a new {@code <name>-<channel>---<identifier>-<random>.log} in childlogdir (as supervisord's mkstemp),
 * NONE and syslog become no file; a redirected stderr has none.
 */
final class ChildLogFiles {

    private ChildLogFiles() {
    }

    static ProcessLogs resolve(ProcessSpec p, DaemonSettings daemon, MainLog log) {
        Optional<Path> out = resolve(p, p.stdout(), "stdout", daemon, log);
        Optional<Path> err = p.redirectStderr() ? Optional.empty() : resolve(p, p.stderr(), "stderr", daemon, log);
        return new ProcessLogs(out, err);
    }

    /** The files as written in the config (AUTO not yet resolved: empty). */
    static ProcessLogs declared(ProcessSpec p) {
        return new ProcessLogs(fileOf(p.stdout()), p.redirectStderr() ? Optional.empty() : fileOf(p.stderr()));
    }

    private static Optional<Path> fileOf(LogChannelSpec c) {
        return c.target() instanceof LogTarget.File f ? Optional.of(f.path()) : Optional.empty();
    }

    private static Optional<Path> resolve(ProcessSpec p, LogChannelSpec c, String channel, DaemonSettings daemon,
                                          MainLog log) {
        if (c.target() instanceof LogTarget.File f) {
            return Optional.of(f.path());
        }
        if (c.target() instanceof LogTarget.Auto) {
            try {
                return Optional.of(Files.createTempFile(daemon.childlogdir(),
                        p.name() + "-" + channel + "---" + daemon.identifier() + "-", ".log"));
            } catch (IOException | RuntimeException e) {
                log.error("could not create AUTO log for " + p.name() + " in " + daemon.childlogdir() + ": " + e);
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
