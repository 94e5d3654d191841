package io.drover.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What supervisord's reread reports between the running config and a newly read one: group names added, changed
 * (the group's config differs in any field) and removed, each in the new (added, changed) or old (removed) config's
 * group order. The daemon's {@code environment} is part of every process's environment in supervisord, so a change
 * there changes every group.
 *
 * <p>Webhooks ({@code [webhook:x]}) are diffed by name the same way but kept apart: they are not process groups, so
 * they never appear in the group lists that reread/update (XML-RPC {@code reloadConfig}) report.
 */
public record ConfigDiff(List<String> added, List<String> changed, List<String> removed,
                         List<String> webhooksAdded, List<String> webhooksChanged, List<String> webhooksRemoved) {

    public ConfigDiff {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
        webhooksAdded = List.copyOf(webhooksAdded);
        webhooksChanged = List.copyOf(webhooksChanged);
        webhooksRemoved = List.copyOf(webhooksRemoved);
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty() && webhooksUnchanged();
    }

    public boolean webhooksUnchanged() {
        return webhooksAdded.isEmpty() && webhooksChanged.isEmpty() && webhooksRemoved.isEmpty();
    }

    public static ConfigDiff between(SupervisorConfig old, SupervisorConfig neu) {
        Map<String, GroupSpec> cur = byName(old.groups());
        Map<String, GroupSpec> next = byName(neu.groups());
        boolean envChanged = !old.daemon().environment().equals(neu.daemon().environment());
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        for (GroupSpec g : neu.groups()) {
            GroupSpec before = cur.get(g.name());
            if (before == null) {
                added.add(g.name());
            } else if (!sameGroup(before, g) || envChanged) {
                changed.add(g.name());
            }
        }
        for (GroupSpec g : old.groups()) {
            if (!next.containsKey(g.name())) {
                removed.add(g.name());
            }
        }
        Map<String, WebhookSpec> hooks = new LinkedHashMap<>();
        old.webhooks().forEach(w -> hooks.put(w.name(), w));
        List<String> hooksAdded = new ArrayList<>();
        List<String> hooksChanged = new ArrayList<>();
        for (WebhookSpec w : neu.webhooks()) {
            WebhookSpec before = hooks.remove(w.name());
            if (before == null) {
                hooksAdded.add(w.name());
            } else if (!before.equals(w)) {
                hooksChanged.add(w.name());
            }
        }
        return new ConfigDiff(added, changed, removed, hooksAdded, hooksChanged, new ArrayList<>(hooks.keySet()));
    }

    private static Map<String, GroupSpec> byName(List<GroupSpec> groups) {
        Map<String, GroupSpec> m = new LinkedHashMap<>();
        groups.forEach(g -> m.put(g.name(), g));
        return m;
    }

    /**
     * Group equality as supervisord's config classes define it: kind, priority, processes, socket and pool settings.
     * Where either side's log file is AUTO, supervisord does not compare that field; neither do we. The source file
     * of a section is not part of its config.
     */
    private static boolean sameGroup(GroupSpec a, GroupSpec b) {
        if (a.kind() != b.kind() || a.priority() != b.priority() || !a.fcgiSocket().equals(b.fcgiSocket())
                || !a.listener().equals(b.listener()) || a.processes().size() != b.processes().size()) {
            return false;
        }
        for (int i = 0; i < a.processes().size(); i++) {
            if (!sameProcess(a.processes().get(i), b.processes().get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameProcess(ProcessSpec a, ProcessSpec b) {
        return a.name().equals(b.name()) && a.command().equals(b.command()) && a.priority() == b.priority()
                && a.autostart() == b.autostart() && a.autorestart() == b.autorestart()
                && a.startsecs() == b.startsecs() && a.startretries() == b.startretries()
                && a.exitcodes().equals(b.exitcodes()) && a.stopsignal() == b.stopsignal()
                && a.stopwaitsecs() == b.stopwaitsecs() && a.stopasgroup() == b.stopasgroup()
                && a.killasgroup() == b.killasgroup() && a.umask().equals(b.umask()) && a.user().equals(b.user())
                && a.directory().equals(b.directory()) && a.environment().equals(b.environment())
                && a.redirectStderr() == b.redirectStderr() && sameChannel(a.stdout(), b.stdout())
                && sameChannel(a.stderr(), b.stderr()) && a.serverurl().equals(b.serverurl());
    }

    private static boolean sameChannel(LogChannelSpec a, LogChannelSpec b) {
        boolean auto = a.target() instanceof LogTarget.Auto || b.target() instanceof LogTarget.Auto;
        return (auto || Objects.equals(a.target(), b.target())) && a.maxbytes() == b.maxbytes()
                && a.backups() == b.backups() && a.captureMaxbytes() == b.captureMaxbytes()
                && a.eventsEnabled() == b.eventsEnabled() && a.syslog() == b.syslog()
                && a.timestamps() == b.timestamps();
    }
}
