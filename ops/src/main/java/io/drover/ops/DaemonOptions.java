package io.drover.ops;

import io.drover.config.DaemonSettings;
import io.drover.config.LogLevel;
import io.drover.config.LogTarget;
import java.nio.file.Path;
import java.util.Optional;

/**
 * supervisord's command-line options, already checked. Values given here win over the config file's
 * {@code [supervisord]} section ({@link #applyTo(DaemonSettings)}); flags can only switch a setting on.
 */
public record DaemonOptions(
        Optional<Path> configuration,
        boolean nodaemon,
        boolean silent,
        Optional<String> user,
        Optional<Integer> umask,
        Optional<Path> directory,
        Optional<String> logfile,
        Optional<Long> logfileMaxbytes,
        Optional<Integer> logfileBackups,
        Optional<LogLevel> loglevel,
        Optional<String> pidfile,
        Optional<String> identifier,
        Optional<Path> childlogdir,
        boolean nocleanup,
        Optional<Integer> minfds,
        boolean stripAnsi,
        Optional<Integer> minprocs) {

    /** No options at all. */
    public static DaemonOptions none() {
        return new DaemonOptions(Optional.empty(), false, false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false, Optional.empty(), false, Optional.empty());
    }

    /** The file's settings with the command line's values on top, as supervisord's {@code realize} merges them. */
    public DaemonSettings applyTo(DaemonSettings d) {
        LogTarget logTarget = logfile.<LogTarget>map(l -> l.equals("syslog") ? new LogTarget.Syslog()
                : new LogTarget.File(normalize(l))).orElse(d.logfile());
        return new DaemonSettings(
                logTarget,
                logfileMaxbytes.orElse(d.logfileMaxbytes()),
                logfileBackups.orElse(d.logfileBackups()),
                loglevel.orElse(d.loglevel()),
                pidfile.map(DaemonOptions::normalize).orElse(d.pidfile()),
                umask.orElse(d.umask()),
                nodaemon || d.nodaemon(),
                silent || d.silent(),
                minfds.orElse(d.minfds()),
                minprocs.orElse(d.minprocs()),
                nocleanup || d.nocleanup(),
                childlogdir.orElse(d.childlogdir()),
                user.isPresent() ? user : d.user(),
                directory.isPresent() ? directory : d.directory(),
                stripAnsi || d.stripAnsi(),
                d.environment(),
                identifier.orElse(d.identifier()));
    }

    private static Path normalize(String p) {
        String s = p.equals("~") || p.startsWith("~/") ? System.getProperty("user.home") + p.substring(1) : p;
        return Path.of(s).toAbsolutePath().normalize();
    }
}
