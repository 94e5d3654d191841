package io.drover.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A whole supervisord.conf, parsed, validated and expanded per process.
 *
 * @param source     the main config file
 * @param daemon     the {@code [supervisord]} section
 * @param inetServers every {@code [inet_http_server*]} section, in file order (supervisord serves each)
 * @param unixServers every {@code [unix_http_server*]} section, in file order
 * @param ctl        the {@code [supervisorctl]} section (defaults when absent)
 * @param groups     every process group (programs, explicit groups, fcgi programs, event listener pools), sorted as
 *                   supervisord sorts them: by priority, then name
 * @param drover     Drover's own settings ({@code [drover]} merged over HOCON)
 * @param webhooks   the {@code [webhook:x]} sections, in file order
 */
public record SupervisorConfig(
        Path source,
        DaemonSettings daemon,
        List<InetServerSpec> inetServers,
        List<UnixServerSpec> unixServers,
        CtlSettings ctl,
        List<GroupSpec> groups,
        DroverSettings drover,
        List<WebhookSpec> webhooks) {

    public SupervisorConfig {
        inetServers = List.copyOf(inetServers);
        unixServers = List.copyOf(unixServers);
        groups = List.copyOf(groups);
        webhooks = List.copyOf(webhooks);
    }

    /** The first {@code [inet_http_server*]} section, if any. */
    public Optional<InetServerSpec> inetServer() {
        return inetServers.stream().findFirst();
    }

    /** The first {@code [unix_http_server*]} section, if any (the children's {@code SUPERVISOR_SERVER_URL}). */
    public Optional<UnixServerSpec> unixServer() {
        return unixServers.stream().findFirst();
    }

    /** The same config with other daemon settings (command-line overrides). */
    public SupervisorConfig withDaemon(DaemonSettings d) {
        return new SupervisorConfig(source, d, inetServers, unixServers, ctl, groups, drover, webhooks);
    }

    /** The same config with other groups (the running set, for a diff). */
    public SupervisorConfig withGroups(List<GroupSpec> g) {
        return new SupervisorConfig(source, daemon, inetServers, unixServers, ctl, g, drover, webhooks);
    }

    public Optional<GroupSpec> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
