package io.drover.http.xmlrpc;

import io.drover.config.LogTarget;
import io.drover.config.ProcessSpec;
import io.drover.config.SupervisorConfig;
import io.drover.node.logs.LogReadException;
import io.drover.node.logs.LogReader;
import io.drover.node.supervisor.ActionResult;
import io.drover.node.supervisor.ConfigChanges;
import io.drover.node.supervisor.ConfigInfo;
import io.drover.node.supervisor.LogPaths;
import io.drover.node.supervisor.NodeSupervisor;
import io.drover.node.supervisor.ProcessInfo;
import io.drover.node.supervisor.ProcessResult;
import io.drover.node.supervisor.SupervisorState;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * supervisord 4.2's {@code supervisor.*} XML-RPC namespace, translated to the node's command protocol: argument
 * checks and conversions as supervisord applies them, results as supervisord's structs (same keys, same order).
 * Log files are read here, on the blocking-IO executor, never on HTTP or actor threads.
 */
public final class SupervisorNamespace {
    /** The RPC API version stock supervisorctl insists on. */
    public static final String API_VERSION = "3.0";
    /**
     * What {@code getSupervisorVersion} reports: the supervisord release whose behaviour Drover reproduces, so
     * that tools comparing versions treat Drover as that release.
     */
    public static final String SUPERVISOR_VERSION = "4.2.5";

    private final NodeClient node;
    private final SupervisorConfig config;
    private final Executor blockingIo;
    private final Optional<RemoteCommSender> remoteComm;

    public SupervisorNamespace(NodeClient node, SupervisorConfig config, Executor blockingIo,
                               Optional<RemoteCommSender> remoteComm) {
        this.node = node;
        this.config = config;
        this.blockingIo = blockingIo;
        this.remoteComm = remoteComm;
    }

    /** Every method with its aliases, described for system.methodHelp / methodSignature. */
    public List<MethodEntry> methods() {
        List<MethodEntry> m = new ArrayList<>();
        m.add(entry("getAPIVersion", "Return the version of the RPC API.", "string", "version  the API version",
                0, 0, a -> checked(() -> API_VERSION)));
        m.add(entry("getVersion", "Alias of getAPIVersion, for clients older than API 3.0.", "string",
                "version  the API version", 0, 0, a -> checked(() -> API_VERSION)));
        m.add(entry("getSupervisorVersion", "Return the supervisord release this daemon is compatible with.",
                "string", "version  the version", 0, 0, a -> checked(() -> SUPERVISOR_VERSION)));
        m.add(entry("getIdentification", "Return the daemon's identifier ([supervisord] identifier).", "string",
                "identifier  the identifier", 0, 0, a -> checked(() -> node.daemon(config.daemon()).identifier())));
        m.add(entry("getState", "Return the daemon's state as a struct {statecode, statename}.", "struct",
                "result  the state", 0, 0, a -> state().thenApply(SupervisorNamespace::stateStruct)));
        m.add(entry("getPID", "Return the daemon's process id.", "int", "PID  the pid", 0, 0,
                a -> checked(() -> (int) ProcessHandle.current().pid())));
        for (String n : List.of("readLog", "readMainLog")) {
            m.add(entry(n, "Read length bytes of the daemon's log from offset (a negative offset with length 0"
                            + " reads the last bytes).", "string", "result  the bytes read", 2, 2, a -> readMainLog(a),
                    "int offset  where to start", "int length  how many bytes (0: to the end)"));
        }
        m.add(entry("clearLog", "Truncate the daemon's log and reopen it.", "boolean", "result  true unless error",
                0, 0, a -> node.ask(NodeSupervisor.ClearMainLog::new).thenApply(b -> (Object) b)));
        m.add(entry("shutdown", "Stop every process and exit the daemon.", "boolean", "result  true unless error",
                0, 0, a -> node.ask(NodeSupervisor.Shutdown::new).thenApply(b -> (Object) b)));
        m.add(entry("restart", "Stop every process, read the config again and start anew.", "boolean",
                "result  true unless error", 0, 0, a -> node.ask(NodeSupervisor.Restart::new).thenApply(b -> (Object) b)));
        m.add(entry("reloadConfig", "Read the config file again and report the groups added, changed and removed"
                        + " (nothing is applied).", "array", "result  [[added, changed, removed]]", 0, 0,
                a -> node.ask(NodeSupervisor.ReloadConfig::new).thenApply(SupervisorNamespace::changes)));
        m.add(entry("addProcessGroup", "Activate a process group from the last read config.", "boolean",
                "result  true if added", 1, 1, a -> addGroup(a.get(0)), "string name  the group"));
        m.add(entry("removeProcessGroup", "Remove a stopped process group from the active config.", "boolean",
                "result  true if removed", 1, 1, a -> removeGroup(a.get(0)), "string name  the group"));
        m.add(entry("startProcess", "Start a process (name, group:name or group:*).", "boolean",
                "result  true unless error", 1, 2, a -> startProcess(a), "string name  the process",
                "boolean wait  wait until it is RUNNING"));
        m.add(entry("startProcessGroup", "Start every process of a group.", "array", "result  one struct per process",
                1, 2, a -> group(a.get(0), g -> node.<List<ProcessResult>>askAction(r -> new NodeSupervisor.StartProcessGroup(g, wait(a, 1), r))),
                "string name  the group", "boolean wait  wait until each is RUNNING"));
        m.add(entry("startAllProcesses", "Start every process that is not running.", "array",
                "result  one struct per process", 0, 1,
                a -> node.<List<ProcessResult>>askAction(r -> new NodeSupervisor.StartAllProcesses(wait(a, 0), r)).thenApply(SupervisorNamespace::results),
                "boolean wait  wait until each is RUNNING"));
        m.add(entry("stopProcess", "Stop a process (name, group:name or group:*).", "boolean",
                "result  true unless error", 1, 2, a -> stopProcess(a), "string name  the process",
                "boolean wait  wait until it is stopped"));
        m.add(entry("stopProcessGroup", "Stop every process of a group.", "array", "result  one struct per process",
                1, 2, a -> group(a.get(0), g -> node.<List<ProcessResult>>askAction(r -> new NodeSupervisor.StopProcessGroup(g, wait(a, 1), r))),
                "string name  the group", "boolean wait  wait until each is stopped"));
        m.add(entry("stopAllProcesses", "Stop every running process.", "array", "result  one struct per process",
                0, 1, a -> node.<List<ProcessResult>>askAction(r -> new NodeSupervisor.StopAllProcesses(wait(a, 0), r)).thenApply(SupervisorNamespace::results),
                "boolean wait  wait until each is stopped"));
        m.add(entry("signalProcess", "Send a signal (name like HUP or number) to a process.", "boolean",
                "result  true unless error", 2, 2, a -> signalProcess(a), "string name  the process",
                "string signal  the signal"));
        m.add(entry("signalProcessGroup", "Send a signal to every process of a group.", "array",
                "result  one struct per process", 2, 2,
                a -> signalChecked(a.get(1), group(a.get(0), g -> node.<List<ProcessResult>>ask(
                        r -> new NodeSupervisor.SignalProcessGroup(g, signalOrBad(a.get(1)), r)))),
                "string name  the group", "string signal  the signal"));
        m.add(entry("signalAllProcesses", "Send a signal to every process.", "array", "result  one struct per process",
                1, 1, a -> signalChecked(a.get(0), node.<List<ProcessResult>>ask(
                                r -> new NodeSupervisor.SignalAllProcesses(signalOrBad(a.get(0)), r))
                        .thenApply(SupervisorNamespace::results)), "string signal  the signal"));
        m.add(entry("getAllConfigInfo", "Describe every configured process.", "array", "result  one struct per process",
                0, 0, a -> node.ask(NodeSupervisor.GetAllConfigInfo::new).thenApply(this::configInfos)));
        m.add(entry("getProcessInfo", "Describe one process.", "struct", "result  the process's state", 1, 1,
                a -> {
                    String name = PyValues.requireString(a.get(0));
                    return node.<ProcessInfo>read(t -> t.processInfo(name, System.currentTimeMillis()),
                                    r -> new NodeSupervisor.GetProcessInfo(name, r))
                            .thenApply(SupervisorNamespace::processInfo);
                }, "string name  the process (or group:name)"));
        m.add(entry("getAllProcessInfo", "Describe every process.", "array", "result  one struct per process", 0, 0,
                a -> node.read(t -> t.allProcessInfo(System.currentTimeMillis()),
                        NodeSupervisor.GetAllProcessInfo::new).thenApply(list -> {
                    List<Object> out = new ArrayList<>(list.size());
                    for (ProcessInfo p : list) {
                        out.add(processInfo(p));
                    }
                    return (Object) out;
                })));
        for (String n : List.of("readProcessStdoutLog", "readProcessLog")) {
            m.add(entry(n, "Read length bytes of a process's stdout log from offset.", "string",
                    "result  the bytes read", 3, 3, a -> readProcessLog(a, true), "string name  the process",
                    "int offset  where to start", "int length  how many bytes"));
        }
        m.add(entry("readProcessStderrLog", "Read length bytes of a process's stderr log from offset.", "string",
                "result  the bytes read", 3, 3, a -> readProcessLog(a, false), "string name  the process",
                "int offset  where to start", "int length  how many bytes"));
        for (String n : List.of("tailProcessStdoutLog", "tailProcessLog")) {
            m.add(entry(n, "Tail a process's stdout log: the last length bytes after offset, the next offset and"
                            + " whether bytes were skipped.", "array", "result  [string bytes, int offset, bool overflow]",
                    3, 3, a -> tailProcessLog(a, true), "string name  the process", "int offset  where to start",
                    "int length  at most this many bytes"));
        }
        m.add(entry("tailProcessStderrLog", "Tail a process's stderr log (see tailProcessStdoutLog).", "array",
                "result  [string bytes, int offset, bool overflow]", 3, 3, a -> tailProcessLog(a, false),
                "string name  the process", "int offset  where to start", "int length  at most this many bytes"));
        for (String n : List.of("clearProcessLogs", "clearProcessLog")) {
            m.add(entry(n, "Truncate a process's stdout and stderr logs and reopen them.", "boolean",
                    "result  true unless error", 1, 1, a -> {
                        String name = PyValues.requireString(a.get(0));
                        return node.<Boolean>ask(r -> new NodeSupervisor.ClearProcessLogs(name, r)).thenApply(b -> (Object) b);
                    }, "string name  the process"));
        }
        m.add(entry("clearAllProcessLogs", "Truncate every process's logs.", "array", "result  one struct per process",
                0, 0, a -> node.ask(NodeSupervisor.ClearAllProcessLogs::new).thenApply(SupervisorNamespace::results)));
        m.add(entry("sendProcessStdin", "Write characters (UTF-8 encoded) to a process's stdin.", "boolean",
                "result  true unless error", 2, 2, a -> sendStdin(a), "string name  the process",
                "string chars  what to write"));
        m.add(entry("sendRemoteCommEvent", "Raise a REMOTE_COMMUNICATION event for event listeners.", "boolean",
                "result  true unless error", 2, 2, a -> remoteCommEvent(a), "string type  the event's type",
                "string data  the event's body"));
        return m;
    }

    private static MethodEntry entry(String method, String text, String returnType, String returnText, int min,
                                     int max, RpcMethod impl, String... params) {
        StringBuilder help = new StringBuilder(text).append("\n\n");
        List<String> signature = new ArrayList<>();
        signature.add(returnType);
        for (String p : params) {
            help.append("@param ").append(p).append('\n');
            signature.add(p.substring(0, p.indexOf(' ')));
        }
        help.append("@return ").append(returnType).append(' ').append(returnText);
        return new MethodEntry("supervisor." + method, signature, help.toString(), min, max, a -> {
            try {
                return impl.call(a);
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        });
    }

    // ---- daemon ---------------------------------------------------------------------------------------------

    /** The daemon's state; faults SHUTDOWN_STATE while it shuts down or restarts, as every call does. */
    private CompletionStage<SupervisorState> state() {
        return node.ask(NodeSupervisor.GetState::new).thenApply(s -> {
            if (s.code() < SupervisorState.RUNNING.code()) {
                throw Fault.SHUTDOWN_STATE.error();
            }
            return s;
        });
    }

    private CompletionStage<Object> checked(java.util.function.Supplier<Object> answer) {
        return state().thenApply(s -> answer.get());
    }

    private static Object stateStruct(SupervisorState s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statecode", s.code());
        m.put("statename", s.name());
        return m;
    }

    private CompletionStage<Object> readMainLog(List<Object> a) {
        return state().thenApplyAsync(s -> {
            Optional<Path> file = node.daemon(config.daemon()).logfile() instanceof LogTarget.File f
                    ? Optional.of(f.path()) : Optional.empty();
            if (file.isEmpty() || !Files.exists(file.get())) {
                // supervisord: RPCError(NO_FILE, logfile); a None logfile adds no detail.
                throw file.isEmpty() ? Fault.NO_FILE.error() : Fault.NO_FILE.error(file.get().toString());
            }
            return read(file.get(), a.get(0), a.get(1));
        }, blockingIo);
    }

    private static Object changes(ConfigChanges c) {
        return List.of(List.of(new ArrayList<Object>(c.added()), new ArrayList<Object>(c.changed()),
                new ArrayList<Object>(c.removed())));
    }

    private CompletionStage<Object> addGroup(Object name) {
        if (!(name instanceof String g)) {
            throw Fault.BAD_NAME.error(name);
        }
        return node.<Boolean>ask(r -> new NodeSupervisor.AddProcessGroup(g, r)).thenApply(b -> (Object) b);
    }

    private CompletionStage<Object> removeGroup(Object name) {
        return group(name, g -> node.<Boolean>ask(r -> new NodeSupervisor.RemoveProcessGroup(g, r)));
    }

    /**
     * A group-name argument: supervisord looks it up in a dict, so an unhashable value (array, struct) is
     * INCORRECT_PARAMETERS and any other non-string simply matches no group.
     */
    private static <T> CompletionStage<Object> group(Object name,
                                                      java.util.function.Function<String, CompletionStage<T>> call) {
        if (name instanceof List || name instanceof Map) {
            throw Fault.INCORRECT_PARAMETERS.error();
        }
        if (!(name instanceof String g)) {
            throw Fault.BAD_NAME.error(name);
        }
        return call.apply(g).thenApply(SupervisorNamespace::render);
    }

    private static Object render(Object value) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) {
                out.add(o instanceof ProcessResult r ? result(r) : o);
            }
            return out;
        }
        return value;
    }

    // ---- processes ------------------------------------------------------------------------------------------

    private static boolean wait(List<Object> a, int index) {
        return a.size() <= index || PyValues.truthy(a.get(index));
    }

    private CompletionStage<Object> startProcess(List<Object> a) {
        String name = PyValues.requireString(a.get(0));
        boolean wait = wait(a, 1);
        return node.<ActionResult>askAction(r -> new NodeSupervisor.StartProcess(name, wait, r)).thenApply(SupervisorNamespace::action);
    }

    private CompletionStage<Object> stopProcess(List<Object> a) {
        String name = PyValues.requireString(a.get(0));
        boolean wait = wait(a, 1);
        return node.<ActionResult>askAction(r -> new NodeSupervisor.StopProcess(name, wait, r)).thenApply(SupervisorNamespace::action);
    }

    private CompletionStage<Object> signalProcess(List<Object> a) {
        String name = PyValues.requireString(a.get(0));
        String sig = signalOrBad(a.get(1));
        return signalChecked(a.get(1), node.<ActionResult>ask(r -> new NodeSupervisor.SignalProcess(name, sig, r))
                .thenApply(SupervisorNamespace::action));
    }

    /**
     * A signal argument as supervisord's signal_number reads it: a name, or anything int() accepts. A value of
     * neither kind (array, struct, dateTime) is sent as an empty name, which no signal has: see
     * {@link #signalChecked}.
     */
    private static String signalOrBad(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger
                || value instanceof Boolean || value instanceof Double) {
            return Long.toString(PyValues.toInt(value));
        }
        return "";
    }

    /**
     * supervisord reads the signal only once it has found a process to signal: a bad name stays BAD_NAME, a group
     * with nothing signallable answers [], and otherwise signal_number fails on a value that is neither an int nor
     * a string (int() refuses it, then value.strip() raises AttributeError, which escapes as HTTP 500).
     */
    private static CompletionStage<Object> signalChecked(Object value, CompletionStage<Object> call) {
        if (!"".equals(signalOrBad(value)) || value instanceof String) {
            return call;
        }
        RpcInternalError unreadable = new RpcInternalError(PyValues.noAttribute(value, "strip"));
        return call.handle((result, error) -> {
            Throwable cause = error instanceof java.util.concurrent.CompletionException c && c.getCause() != null
                    ? c.getCause() : error;
            if (cause instanceof RpcFault f && f.code() == Fault.BAD_SIGNAL.code()
                    || cause == null && result instanceof List<?> l && !l.isEmpty()) {
                throw unreadable;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause != null) {
                throw new java.util.concurrent.CompletionException(cause);
            }
            return result;
        });
    }

    private static Object action(ActionResult result) {
        if (result instanceof ActionResult.PerProcess p) {
            return results(p.results());
        }
        return Boolean.TRUE;
    }

    private static Object results(List<ProcessResult> results) {
        List<Object> out = new ArrayList<>(results.size());
        for (ProcessResult r : results) {
            out.add(result(r));
        }
        return out;
    }

    private static Map<String, Object> result(ProcessResult r) {
        Map<String, Object> m = new LinkedHashMap<>(8);
        m.put("name", r.name());
        m.put("group", r.group());
        m.put("status", r.status());
        m.put("description", r.description());
        return m;
    }

    private static final String[] PROCESS_INFO_KEYS = {"name", "group", "start", "stop", "now", "state", "statename",
        "spawnerr", "exitstatus", "logfile", "stdout_logfile", "stderr_logfile", "pid", "description"};

    /** getProcessInfo's struct, keys in supervisord's order; times capped to XML-RPC's int as supervisord does. */
    static Map<String, Object> processInfo(ProcessInfo p) {
        return new FixedStruct(PROCESS_INFO_KEYS, p.name(), p.group(), cap(p.start()), cap(p.stop()), cap(p.now()),
                p.state(), p.statename(), p.spawnerr(), p.exitstatus(), p.logfile(), p.stdoutLogfile(),
                p.stderrLogfile(), p.pid(), p.description());
    }

    private static int cap(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    private Object configInfos(List<ConfigInfo> infos) {
        List<Object> out = new ArrayList<>(infos.size());
        for (ConfigInfo c : infos) {
            out.add(configInfo(c));
        }
        return out;
    }

    private static Map<String, Object> configInfo(ConfigInfo c) {
        ProcessSpec p = c.spec();
        Map<String, Object> m = new LinkedHashMap<>(48);
        m.put("autostart", p.autostart());
        m.put("directory", p.directory().orElse("none"));
        m.put("uid", p.user().map(SupervisorNamespace::uidOf).orElse("none"));
        m.put("command", p.command());
        m.put("exitcodes", new ArrayList<Object>(p.exitcodes()));
        m.put("group", p.group());
        m.put("group_prio", c.groupPriority());
        m.put("inuse", c.inuse());
        m.put("killasgroup", p.killasgroup());
        m.put("name", p.name());
        m.put("process_prio", p.priority());
        m.put("redirect_stderr", p.redirectStderr());
        m.put("startretries", p.startretries());
        m.put("startsecs", p.startsecs());
        m.put("stdout_capture_maxbytes", p.stdout().captureMaxbytes());
        m.put("stdout_events_enabled", p.stdout().eventsEnabled());
        m.put("stdout_logfile", logfile(c.stdoutLogfile(), p.stdout().target()));
        m.put("stdout_logfile_backups", p.stdout().backups());
        m.put("stdout_logfile_maxbytes", p.stdout().maxbytes());
        m.put("stdout_syslog", p.stdout().syslog());
        m.put("stopsignal", p.stopsignal().number());
        m.put("stopwaitsecs", p.stopwaitsecs());
        m.put("stderr_capture_maxbytes", p.stderr().captureMaxbytes());
        m.put("stderr_events_enabled", p.stderr().eventsEnabled());
        m.put("stderr_logfile", logfile(c.stderrLogfile(), p.stderr().target()));
        m.put("stderr_logfile_backups", p.stderr().backups());
        m.put("stderr_logfile_maxbytes", p.stderr().maxbytes());
        m.put("stderr_syslog", p.stderr().syslog());
        String url = p.serverurl() == null ? "" : p.serverurl().strip();
        m.put("serverurl", url.isEmpty() || url.equalsIgnoreCase("AUTO") ? "none" : url);
        return m;
    }

    private static Object logfile(Optional<Path> resolved, LogTarget target) {
        if (resolved.isPresent()) {
            return resolved.get().toString();
        }
        if (target instanceof LogTarget.File f) {
            return f.path().toString();
        }
        if (target instanceof LogTarget.Auto) {
            return "auto";
        }
        if (target instanceof LogTarget.Syslog) {
            return "syslog";
        }
        return "none";
    }

    /** The numeric uid supervisord reports for {@code user=} (a name from the passwd database, or a number). */
    private static Object uidOf(String user) {
        if (user.matches("[0-9]+")) {
            return Integer.parseInt(user);
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] f = line.split(":");
                if (f.length > 2 && f[0].equals(user)) {
                    return Integer.parseInt(f[2]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return "none";
    }

    // ---- logs -----------------------------------------------------------------------------------------------

    private CompletionStage<Optional<Path>> logPath(Object nameArg, boolean stdout) {
        String name = PyValues.requireString(nameArg);
        return node.<LogPaths>ask(r -> new NodeSupervisor.GetLogPaths(name, r))
                .thenApply(paths -> stdout ? paths.stdout() : paths.stderr());
    }

    private CompletionStage<Object> readProcessLog(List<Object> a, boolean stdout) {
        return logPath(a.get(0), stdout).thenApplyAsync(file -> {
            if (file.isEmpty() || !Files.exists(file.get())) {
                // supervisord: RPCError(NO_FILE, logfile); a None logfile adds no detail.
                throw file.isEmpty() ? Fault.NO_FILE.error() : Fault.NO_FILE.error(file.get().toString());
            }
            return read(file.get(), a.get(1), a.get(2));
        }, blockingIo);
    }

    private static Object read(Path file, Object offset, Object length) {
        long off = readInt(offset);
        long len = readInt(length);
        try {
            return text(LogReader.read(file, off, len));
        } catch (LogReadException e) {
            throw new RpcFault(e.fault().code(), e.getMessage());
        }
    }

    /**
     * int() of a read*Log offset or length. supervisord turns int()'s ValueError into {@code getattr(Faults, why)}
     * by mistake, so the exception its multicall reports is an AttributeError naming the ValueError's text.
     */
    static long readInt(Object value) {
        try {
            return PyValues.toInt(value);
        } catch (RpcInternalError e) {
            String prefix = PyValues.pyError("ValueError", "");
            String msg = e.getMessage();
            if (!msg.startsWith(prefix)) {
                throw e;
            }
            throw new RpcInternalError(PyValues.pyError("AttributeError",
                    "type object 'Faults' has no attribute '" + msg.substring(prefix.length()) + "'"));
        }
    }

    private CompletionStage<Object> tailProcessLog(List<Object> a, boolean stdout) {
        return logPath(a.get(0), stdout).thenApplyAsync(file -> {
            if (file.isEmpty() || !Files.exists(file.get())) {
                return List.of("", 0, false);
            }
            LogReader.Tail t = LogReader.tail(file.get(), PyValues.toInt(a.get(1)), PyValues.toInt(a.get(2)));
            return List.of(text(t.data()), t.size(), t.overflow());
        }, blockingIo);
    }

    /** Log bytes as text; bytes that are not UTF-8 become U+FFFD rather than failing the call. */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private CompletionStage<Object> sendStdin(List<Object> a) {
        Object chars = a.get(1);
        if (!(chars instanceof String s)) {
            throw Fault.INCORRECT_PARAMETERS.error(chars);
        }
        String name = PyValues.requireString(a.get(0));
        byte[] data = s.getBytes(StandardCharsets.UTF_8);
        return node.<Boolean>ask(r -> new NodeSupervisor.SendProcessStdin(name, data, r)).thenApply(b -> (Object) b);
    }

    private CompletionStage<Object> remoteCommEvent(List<Object> a) {
        String type = PyValues.str(a.get(0));
        String data = PyValues.str(a.get(1));
        return remoteComm
                .<CompletionStage<Object>>map(sender -> Stages.plain(sender.send(type, data)).thenApply(b -> (Object) b))
                .orElseGet(() -> node.<Boolean>ask(r -> new NodeSupervisor.SendRemoteCommEvent(type, data, r))
                        .thenApply(b -> (Object) b));
    }
}
