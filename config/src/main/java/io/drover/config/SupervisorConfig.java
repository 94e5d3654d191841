package io.drover.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A whole supervisord.conf, parsed, validated and expanded per process.
 *
 * @param source     the main config file
 * @param daemon     the {@code [supervisord]} section
 * @param inetServer the {@code [inet_http_server]} section, if present
 * @param unixServer the {@code [unix_http_server]} section, if present
 * @param ctl        the {@code [supervisorctl]} section (defaults when absent)
 * @param groups     every process group (programs, explicit groups, fcgi programs, event listener pools), sorted as
 *                   supervisord sorts them: by priority, then name
 * @param drover     Drover's own settings ({@code [drover]} merged over HOCON)
 */
public record SupervisorConfig(
        Path source,
        DaemonSettings daemon,
        Optional<InetServerSpec> inetServer,
        Optional<UnixServerSpec> unixServer,
        CtlSettings ctl,
        List<GroupSpec> groups,
        DroverSettings drover) {

    public SupervisorConfig {
        groups = List.copyOf(groups);
    }

    public Optional<GroupSpec> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
