package io.drover.config;

import java.util.List;

/**
 * A config with the notes supervisord logs once it has read one: {@code warnings} at WARN (an include glob that
 * matched nothing, AUTO logs without rotation, the deprecated {@code stdout_logfile=syslog}, a stderr log file
 * ignored because of {@code redirect_stderr}) and {@code infos} at INFO (each included file).
 */
public record LoadedConfig(SupervisorConfig config, List<String> warnings, List<String> infos) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
        infos = List.copyOf(infos);
    }
}
