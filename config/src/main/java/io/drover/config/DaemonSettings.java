package io.drover.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code [supervisord]} section, with supervisord 4.2's defaults applied.
 *
 * @param logfile        the daemon's activity log ({@code $CWD/supervisord.log} by default), made absolute against
 *                       the working directory at load time; {@code syslog} is {@link LogTarget.Syslog}. As in
 *                       supervisord 4.2.5, {@code logfile=NONE} is a file named {@code NONE}, not "no log".
 * @param umask          octal, default 022
 * @param user           switch to this user at start (only when started as root)
 * @param directory      chdir here when daemonizing
 * @param childlogdir    where AUTO child logs go (the system temp dir by default)
 * @param identifier     the RPC identification string ({@code supervisor} by default)
 */
public record DaemonSettings(
        LogTarget logfile,
        long logfileMaxbytes,
        int logfileBackups,
        LogLevel loglevel,
        Path pidfile,
        int umask,
        boolean nodaemon,
        boolean silent,
        int minfds,
        int minprocs,
        boolean nocleanup,
        Path childlogdir,
        Optional<String> user,
        Optional<Path> directory,
        boolean stripAnsi,
        Map<String, String> environment,
        String identifier) {

    public DaemonSettings {
        environment = Map.copyOf(environment);
    }
}
