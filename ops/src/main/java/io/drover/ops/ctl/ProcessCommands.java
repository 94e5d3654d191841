package io.drover.ops.ctl;

import static io.drover.ops.ctl.Results.namespec;
import static io.drover.ops.ctl.Results.splitNamespec;
import static io.drover.ops.ctl.Results.words;

import io.drover.http.xmlrpc.Fault;
import io.drover.http.xmlrpc.RpcFault;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** status, start, stop, restart, signal, pid and clear: supervisorctl's texts and exit codes. */
final class ProcessCommands {
    private static final String ERR = "%s: ERROR (%s)";
    private final Controller ctl;

    ProcessCommands(Controller ctl) {
        this.ctl = ctl;
    }

    void register() {
        ctl.register("status", a -> { status(a); return false; }, this::helpStatus);
        ctl.register("start", a -> { start(a); return false; }, this::helpStart);
        ctl.register("stop", a -> { stop(a); return false; }, this::helpStop);
        ctl.register("restart", a -> { restart(a); return false; }, this::helpRestart);
        ctl.register("signal", a -> { signal(a); return false; }, this::helpSignal);
        ctl.register("pid", a -> { pid(a); return false; }, this::helpPid);
        ctl.register("clear", a -> { clear(a); return false; }, this::helpClear);
    }

    private static boolean isStopped(long state) {
        return state == 0 || state == 100 || state == 200 || state == 1000; // STOPPED, EXITED, FATAL, UNKNOWN
    }

    void status(String arg) throws IOException {
        if (!ctl.upcheck()) {
            ctl.exitStatus = Controller.STATUS_UNKNOWN;
            return;
        }
        List<Map<String, Object>> all = Results.structs(ctl.call("getAllProcessInfo"));
        List<String> names = words(arg);
        List<Map<String, Object>> matching;
        if (names.isEmpty() || names.contains("all")) {
            matching = all;
        } else {
            matching = new ArrayList<>();
            for (String name : names) {
                String[] gp = splitNamespec(name);
                boolean bad = true;
                for (Map<String, Object> info : all) {
                    boolean matched = Results.str(info, "group").equals(gp[0]);
                    if (gp[1] != null) {
                        matched = matched && Results.str(info, "name").equals(gp[1]);
                    }
                    if (matched) {
                        bad = false;
                        matching.add(info);
                    }
                }
                if (bad) {
                    ctl.output(gp[1] == null ? gp[0] + ": ERROR (no such group)" : name + ": ERROR (no such process)");
                    ctl.exitStatus = Controller.STATUS_UNKNOWN;
                }
            }
        }
        showStatuses(matching);
        for (Map<String, Object> info : matching) {
            if (isStopped(Results.num(info, "state"))) {
                ctl.exitStatus = Controller.STATUS_NOT_RUNNING;
            }
        }
    }

    private void showStatuses(List<Map<String, Object>> infos) {
        List<String> specs = new ArrayList<>(infos.size());
        int maxlen = 30;
        for (Map<String, Object> info : infos) {
            String spec = namespec(Results.str(info, "group"), Results.str(info, "name"));
            specs.add(spec);
            maxlen = Math.max(maxlen, spec.length());
        }
        StringBuilder sb = new StringBuilder(infos.size() * 80);
        for (int i = 0; i < infos.size(); i++) {
            Map<String, Object> info = infos.get(i);
            pad(sb, specs.get(i), maxlen + 3);
            pad(sb, Results.str(info, "statename"), 10);
            sb.append(Results.str(info, "description")).append('\n');
        }
        ctl.out().print(sb);
        ctl.out().flush();
    }

    private static void pad(StringBuilder sb, String s, int width) {
        sb.append(s);
        for (int n = s.codePointCount(0, s.length()); n < width; n++) {
            sb.append(' ');
        }
    }

    void pid(String arg) throws IOException {
        ctl.client();
        if (!ctl.upcheck()) {
            return;
        }
        List<String> names = words(arg);
        if (names.isEmpty()) {
            ctl.output(io.drover.http.xmlrpc.PyValues.str(ctl.call("getPID")));
        } else if (names.contains("all")) {
            for (Map<String, Object> info : Results.structs(ctl.call("getAllProcessInfo"))) {
                ctl.output(Results.str(info, "pid"));
            }
        } else {
            for (String name : names) {
                Map<String, Object> info;
                try {
                    info = Results.struct(ctl.call("getProcessInfo", name));
                } catch (RpcFault e) {
                    ctl.exitStatus = Controller.GENERIC;
                    if (e.code() == Fault.BAD_NAME.code()) {
                        ctl.output("No such process " + name);
                        continue;
                    }
                    throw e;
                }
                ctl.output(Results.str(info, "pid"));
                if (Results.num(info, "pid") == 0) {
                    ctl.exitStatus = Controller.NOT_RUNNING;
                }
            }
        }
    }

    private static String startResult(Map<String, Object> r) {
        String name = namespec(Results.str(r, "group"), (String) r.get("name"));
        long code = Results.num(r, "status");
        if (code == Fault.BAD_NAME.code()) return String.format(ERR, name, "no such process");
        if (code == Fault.NO_FILE.code()) return String.format(ERR, name, "no such file");
        if (code == Fault.NOT_EXECUTABLE.code()) return String.format(ERR, name, "file is not executable");
        if (code == Fault.ALREADY_STARTED.code()) return String.format(ERR, name, "already started");
        if (code == Fault.SPAWN_ERROR.code()) return String.format(ERR, name, "spawn error");
        if (code == Fault.ABNORMAL_TERMINATION.code()) return String.format(ERR, name, "abnormal termination");
        if (code == Fault.SUCCESS.code()) return name + ": started";
        throw new PyError("ValueError", "Unknown result code " + Results.str(r, "status") + " for " + name);
    }

    private static String signalResult(Map<String, Object> r, String success) {
        String name = namespec(Results.str(r, "group"), (String) r.get("name"));
        long code = Results.num(r, "status");
        if (code == Fault.BAD_NAME.code()) return String.format(ERR, name, "no such process");
        if (code == Fault.BAD_SIGNAL.code()) return String.format(ERR, name, "bad signal name");
        if (code == Fault.NOT_RUNNING.code()) return String.format(ERR, name, "not running");
        if (code == Fault.SUCCESS.code()) return name + ": " + success;
        if (code == Fault.FAILED.code()) return Results.str(r, "description");
        throw new PyError("ValueError", "Unknown result code " + Results.str(r, "status") + " for " + name);
    }

    private static String clearResult(Map<String, Object> r) {
        String name = namespec(Results.str(r, "group"), (String) r.get("name"));
        long code = Results.num(r, "status");
        if (code == Fault.BAD_NAME.code()) return String.format(ERR, name, "no such process");
        if (code == Fault.FAILED.code()) return String.format(ERR, name, "failed");
        if (code == Fault.SUCCESS.code()) return name + ": cleared";
        throw new PyError("ValueError", "Unknown result code " + Results.str(r, "status") + " for " + name);
    }

    /** The result struct supervisorctl makes of a fault answering a single-process call. */
    private static Map<String, Object> faultResult(RpcFault e, String group, String process) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("status", e.code());
        m.put("name", process);
        m.put("group", group);
        m.put("description", e.text());
        return m;
    }

    void start(String arg) throws IOException {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> names = words(arg);
        if (names.isEmpty()) {
            ctl.output("Error: start requires a process name");
            ctl.exitStatus = Controller.INVALID_ARGS;
            helpStart();
            return;
        }
        int ignore = Fault.ALREADY_STARTED.code();
        if (names.contains("all")) {
            for (Map<String, Object> r : Results.structs(ctl.call("startAllProcesses"))) {
                ctl.output(startResult(r));
                ctl.exitStatusFromFault((int) Results.num(r, "status"), ignore);
            }
            return;
        }
        for (String name : names) {
            String[] gp = splitNamespec(name);
            if (gp[1] == null) {
                try {
                    for (Map<String, Object> r : Results.structs(ctl.call("startProcessGroup", gp[0]))) {
                        ctl.output(startResult(r));
                        ctl.exitStatusFromFault((int) Results.num(r, "status"), ignore);
                    }
                } catch (RpcFault e) {
                    if (e.code() != Fault.BAD_NAME.code()) {
                        ctl.exitStatus = Controller.GENERIC;
                        throw e;
                    }
                    ctl.output(gp[0] + ": ERROR (no such group)");
                    ctl.exitStatus = Controller.INVALID_ARGS;
                }
            } else {
                try {
                    ctl.call("startProcess", name);
                    ctl.output(namespec(gp[0], gp[1]) + ": started");
                } catch (RpcFault e) {
                    ctl.output(startResult(faultResult(e, gp[0], gp[1])));
                    ctl.exitStatusFromFault(e.code(), ignore);
                }
            }
        }
    }

    void stop(String arg) throws IOException {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> names = words(arg);
        if (names.isEmpty()) {
            ctl.output("Error: stop requires a process name");
            ctl.exitStatus = Controller.GENERIC;
            helpStop();
            return;
        }
        int ignore = Fault.NOT_RUNNING.code();
        if (names.contains("all")) {
            for (Map<String, Object> r : Results.structs(ctl.call("stopAllProcesses"))) {
                ctl.output(signalResult(r, "stopped"));
                ctl.exitStatusFromFault((int) Results.num(r, "status"), ignore);
            }
            return;
        }
        for (String name : names) {
            String[] gp = splitNamespec(name);
            if (gp[1] == null) {
                try {
                    for (Map<String, Object> r : Results.structs(ctl.call("stopProcessGroup", gp[0]))) {
                        ctl.output(signalResult(r, "stopped"));
                        ctl.exitStatusFromFault((int) Results.num(r, "status"), ignore);
                    }
                } catch (RpcFault e) {
                    ctl.exitStatus = Controller.GENERIC;
                    if (e.code() != Fault.BAD_NAME.code()) {
                        throw e;
                    }
                    ctl.output(gp[0] + ": ERROR (no such group)");
                }
            } else {
                try {
                    ctl.call("stopProcess", name);
                    ctl.output(namespec(gp[0], gp[1]) + ": stopped");
                } catch (RpcFault e) {
                    ctl.output(signalResult(faultResult(e, gp[0], gp[1]), "stopped"));
                    ctl.exitStatusFromFault(e.code(), ignore);
                }
            }
        }
    }

    void restart(String arg) throws IOException {
        if (!ctl.upcheck()) {
            return;
        }
        if (words(arg).isEmpty()) {
            ctl.output("Error: restart requires a process name");
            ctl.exitStatus = Controller.GENERIC;
            helpRestart();
            return;
        }
        stop(arg);
        start(arg);
    }

    void signal(String arg) throws IOException {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> args = words(arg);
        if (args.size() < 2) {
            ctl.output("Error: signal requires a signal name and a process name");
            helpSignal();
            ctl.exitStatus = Controller.GENERIC;
            return;
        }
        String sig = args.get(0);
        List<String> names = args.subList(1, args.size());
        if (names.contains("all")) {
            for (Map<String, Object> r : Results.structs(ctl.call("signalAllProcesses", sig))) {
                ctl.output(signalResult(r, "signalled"));
                ctl.exitStatusFromFault((int) Results.num(r, "status"));
            }
            return;
        }
        for (String name : names) {
            String[] gp = splitNamespec(name);
            if (gp[1] == null) {
                try {
                    for (Map<String, Object> r : Results.structs(ctl.call("signalProcessGroup", gp[0], sig))) {
                        ctl.output(signalResult(r, "signalled"));
                        ctl.exitStatusFromFault((int) Results.num(r, "status"));
                    }
                } catch (RpcFault e) {
                    if (e.code() != Fault.BAD_NAME.code()) {
                        throw e;
                    }
                    ctl.output(gp[0] + ": ERROR (no such group)");
                    ctl.exitStatus = Controller.GENERIC;
                }
            } else {
                try {
                    ctl.call("signalProcess", name, sig);
                    ctl.output(namespec(gp[0], gp[1]) + ": signalled");
                } catch (RpcFault e) {
                    ctl.output(signalResult(faultResult(e, gp[0], gp[1]), "signalled"));
                    ctl.exitStatusFromFault(e.code());
                }
            }
        }
    }

    void clear(String arg) throws IOException {
        if (!ctl.upcheck()) {
            return;
        }
        List<String> names = words(arg);
        if (names.isEmpty()) {
            ctl.output("Error: clear requires a process name");
            ctl.exitStatus = Controller.GENERIC;
            helpClear();
            return;
        }
        if (names.contains("all")) {
            for (Map<String, Object> r : Results.structs(ctl.call("clearAllProcessLogs"))) {
                ctl.output(clearResult(r));
                ctl.exitStatusFromFault((int) Results.num(r, "status"));
            }
            return;
        }
        for (String name : names) {
            String[] gp = splitNamespec(name);
            try {
                ctl.call("clearProcessLogs", name);
                ctl.output(namespec(gp[0], gp[1]) + ": cleared");
            } catch (RpcFault e) {
                ctl.output(clearResult(faultResult(e, gp[0], gp[1])));
                ctl.exitStatusFromFault(e.code());
            }
        }
    }

    void helpStatus() {
        ctl.output("status <name>\t\tGet status for a single process");
        ctl.output("status <gname>:*\tGet status for all processes in a group");
        ctl.output("status <name> <name>\tGet status for multiple named processes");
        ctl.output("status\t\t\tGet all process status info");
    }

    void helpPid() {
        ctl.output("pid\t\t\tGet the PID of supervisord.");
        ctl.output("pid <name>\t\tGet the PID of a single child process by name.");
        ctl.output("pid all\t\t\tGet the PID of every child process, one per line.");
    }

    void helpStart() {
        ctl.output("start <name>\t\tStart a process");
        ctl.output("start <gname>:*\t\tStart all processes in a group");
        ctl.output("start <name> <name>\tStart multiple processes or groups");
        ctl.output("start all\t\tStart all processes");
    }

    void helpStop() {
        ctl.output("stop <name>\t\tStop a process");
        ctl.output("stop <gname>:*\t\tStop all processes in a group");
        ctl.output("stop <name> <name>\tStop multiple processes or groups");
        ctl.output("stop all\t\tStop all processes");
    }

    void helpSignal() {
        ctl.output("signal <signal name> <name>\t\tSignal a process");
        ctl.output("signal <signal name> <gname>:*\t\tSignal all processes in a group");
        ctl.output("signal <signal name> <name> <name>\tSignal multiple processes or groups");
        ctl.output("signal <signal name> all\t\tSignal all processes");
    }

    void helpRestart() {
        ctl.output("restart <name>\t\tRestart a process");
        ctl.output("restart <gname>:*\tRestart all processes in a group");
        ctl.output("restart <name> <name>\tRestart multiple processes or groups");
        ctl.output("restart all\t\tRestart all processes");
        ctl.output("Note: restart does not reread config files. For that, see reread and update.");
    }

    void helpClear() {
        ctl.output("clear <name>\t\tClear a process' log files.");
        ctl.output("clear <name> <name>\tClear multiple process' log files");
        ctl.output("clear all\t\tClear all process' log files");
    }
}
