package io.drover.node.supervisor;

import io.drover.config.DaemonSettings;
import io.drover.node.process.ProcessLogs;
import io.drover.node.process.ProcessStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node's process table, readable from any thread: {@code getProcessInfo} and {@code getAllProcessInfo} answer
 * from it without a trip through {@link NodeSupervisor}'s mailbox (an ask, a reply and two thread hand-offs per
 * call). {@link NodeSupervisor} is the only writer: one map update per status change, and a new sorted member list
 * when groups are added or removed; readers see each process's latest status.
 *
 * <pre>{@code
 * ProcessTable table = new ProcessTable();
 * ActorSystem.create(NodeSupervisor.create(config, settings, false, table), "drover");
 * Reply<ProcessInfo> a = table.processInfo("group:a", System.currentTimeMillis());
 * }</pre>
 */
public final class ProcessTable {
    private static final Comparator<Row> ORDER = Comparator.comparing(Row::group).thenComparing(Row::name);

    /** One process as last reported. */
    private record Row(String group, String name, ProcessStatus status, String stdout, String stderr) {
        String key() {
            return group + ":" + name;
        }
    }

    private final ConcurrentHashMap<String, Row> rows = new ConcurrentHashMap<>();
    private volatile List<String> order = List.of();
    private volatile boolean running = true;
    private volatile DaemonSettings daemon;

    // ---- the NodeSupervisor's side ----------------------------------------------------------------------------

    /** A process's new status (or a new process); its log paths come with it. */
    void update(String group, String name, ProcessStatus status, ProcessLogs logs) {
        String out = logs.stdout().map(Path::toString).orElse("");
        String err = logs.stderr().map(Path::toString).orElse("");
        Row row = new Row(group, name, status, out, err);
        rows.put(row.key(), row);
    }

    /** The set of processes changed: keeps only {@code keys} (group:name, each already updated), sorted. */
    void retain(List<String> keys) {
        rows.keySet().retainAll(new java.util.HashSet<>(keys));
        List<Row> sorted = new ArrayList<>(keys.size());
        for (String k : keys) {
            Row r = rows.get(k);
            if (r != null) {
                sorted.add(r);
            }
        }
        sorted.sort(ORDER);
        order = sorted.stream().map(Row::key).toList();
    }

    /** Whether the node takes requests (RUNNING); otherwise every read faults SHUTDOWN_STATE, as an ask would. */
    void running(boolean running) {
        this.running = running;
    }

    /**
     * The {@code [supervisord]} settings of the last config read (start, restart or a successful reread):
     * supervisord's reloadConfig copies them into its options at once, so its identifier and logfile change then.
     */
    void daemon(DaemonSettings settings) {
        this.daemon = settings;
    }

    // ---- readers ----------------------------------------------------------------------------------------------

    /** The {@code [supervisord]} settings of the last config read; empty before the node has read one. */
    public Optional<DaemonSettings> daemon() {
        return Optional.ofNullable(daemon);
    }

    /** {@code getProcessInfo}: {@code name} or {@code group:name}; a group or an unknown name is BAD_NAME. */
    public Reply<ProcessInfo> processInfo(String namespec, long nowMillis) {
        if (!running) {
            return Reply.fault(Fault.of(Fault.SHUTDOWN_STATE));
        }
        int colon = namespec.indexOf(':');
        Row row = rows.get(colon >= 0 ? namespec : namespec + ":" + namespec);
        if (row == null) {
            return Reply.fault(Fault.of(Fault.BAD_NAME, namespec));
        }
        return Reply.ok(info(row, nowMillis));
    }

    /** {@code getAllProcessInfo}: every process, by group name then process name. */
    public Reply<List<ProcessInfo>> allProcessInfo(long nowMillis) {
        if (!running) {
            return Reply.fault(Fault.of(Fault.SHUTDOWN_STATE));
        }
        List<String> keys = order;
        List<ProcessInfo> out = new ArrayList<>(keys.size());
        for (String k : keys) {
            Row row = rows.get(k);
            if (row != null) {
                out.add(info(row, nowMillis));
            }
        }
        return Reply.ok(out);
    }

    private static ProcessInfo info(Row r, long nowMillis) {
        return info(r.group(), r.name(), r.status(), r.stdout(), r.stderr(), nowMillis);
    }

    static ProcessInfo info(String group, String name, ProcessStatus s, String stdout, String stderr,
                            long nowMillis) {
        return new ProcessInfo(name, group, ProcessDescriptions.describe(s, nowMillis), s.startMillis() / 1000,
                s.stopMillis() / 1000, nowMillis / 1000, s.state().code(), s.state().name(), s.spawnerr(),
                s.exitstatus(), stdout, stdout, stderr, s.pid());
    }
}
