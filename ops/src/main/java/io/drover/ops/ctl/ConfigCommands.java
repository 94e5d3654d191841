package io.drover.ops.ctl;

import static io.drover.ops.ctl.Results.words;

import io.drover.http.xmlrpc.Fault;
import io.drover.http.xmlrpc.PyValues;
import io.drover.http.xmlrpc.RpcFault;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** avail, reread, add, remove and update: the config diff as supervisorctl prints and applies it. */
final class ConfigCommands {
    private final Controller ctl;

    ConfigCommands(Controller ctl) {
        this.ctl = ctl;
    }

    void register() {
        ctl.register("avail", a -> { avail(a); return false; },
                () -> ctl.output("avail\t\t\tDisplay all configured processes"));
        ctl.register("reread", a -> { reread(a); return false; },
                () -> ctl.output("reread \t\t\tReload the daemon's configuration files without add/remove"));
        ctl.register("add", a -> { add(a); return false; },
                () -> ctl.output("add <name> [...]\tActivates any updates in config for process/group"));
        ctl.register("remove", a -> { remove(a); return false; },
                () -> ctl.output("remove <name> [...]\tRemoves process/group from active config"));
        ctl.register("update", a -> { update(a); return false; }, () -> {
            ctl.output("update\t\t\tReload config and add/remove as necessary, and will restart affected programs");
            ctl.output("update all\t\tReload config and add/remove as necessary, and will restart affected programs");
            ctl.output("update <gname> [...]\tUpdate specific groups");
        });
    }

    private boolean noArguments(String name, String arg) {
        if (arg.isEmpty()) {
            return true;
        }
        ctl.output("Error: " + name + " accepts no arguments");
        ctl.exitStatus = Controller.GENERIC;
        ctl.help(name);
        return false;
    }

    void avail(String arg) throws IOException {
        if (!noArguments("avail", arg)) {
            return;
        }
        List<Map<String, Object>> infos;
        try {
            infos = Results.structs(ctl.call("getAllConfigInfo"));
        } catch (RpcFault e) {
            ctl.exitStatus = Controller.GENERIC;
            if (e.code() != Fault.SHUTDOWN_STATE.code()) {
                throw e;
            }
            ctl.output("ERROR: supervisor shutting down");
            return;
        }
        for (Map<String, Object> c : infos) {
            String name = Results.namespec(Results.str(c, "group"), Results.str(c, "name"));
            String inuse = Results.truthy(c, "inuse") ? "in use" : "avail";
            String auto = Results.truthy(c, "autostart") ? "auto" : "manual";
            String prio = Results.str(c, "group_prio") + ":" + Results.str(c, "process_prio");
            ctl.output(String.format("%-32s %-9s %-9s %s", name, inuse, auto, prio));
        }
    }

    /** The {@code [added, changed, removed]} lists of reloadConfig's answer. */
    private static List<List<String>> changes(Object result) {
        if (!(result instanceof List<?> outer) || outer.isEmpty() || !(outer.get(0) instanceof List<?> inner)
                || inner.size() != 3) {
            throw new PyError("ValueError", "unexpected reloadConfig answer " + PyValues.repr(result));
        }
        List<List<String>> out = new ArrayList<>(3);
        for (Object o : inner) {
            List<String> names = new ArrayList<>();
            if (o instanceof List<?> l) {
                l.forEach(x -> names.add(PyValues.str(x)));
            }
            out.add(names);
        }
        return out;
    }

    void reread(String arg) throws IOException {
        if (!noArguments("reread", arg)) {
            return;
        }
        Object result;
        try {
            result = ctl.call("reloadConfig");
        } catch (RpcFault e) {
            ctl.exitStatus = Controller.GENERIC;
            if (e.code() == Fault.SHUTDOWN_STATE.code()) {
                ctl.output("ERROR: supervisor shutting down");
            } else if (e.code() == Fault.CANT_REREAD.code()) {
                ctl.output("ERROR: " + e.text());
            } else {
                throw e;
            }
            return;
        }
        List<List<String>> c = changes(result);
        Map<String, String> byName = new TreeMap<>();
        String[] kinds = {"available", "changed", "disappeared"};
        for (int i = 0; i < 3; i++) {
            for (String n : c.get(i)) {
                byName.put(n, kinds[i]);
            }
        }
        if (byName.isEmpty()) {
            ctl.output("No config updates to processes");
        }
        byName.forEach((n, kind) -> ctl.output(n + ": " + kind));
    }

    void add(String arg) throws IOException {
        for (String name : words(arg)) {
            try {
                ctl.call("addProcessGroup", name);
                ctl.output(name + ": added process group");
            } catch (RpcFault e) {
                if (e.code() == Fault.SHUTDOWN_STATE.code()) {
                    ctl.output("ERROR: shutting down");
                    ctl.exitStatus = Controller.GENERIC;
                } else if (e.code() == Fault.ALREADY_ADDED.code()) {
                    ctl.output("ERROR: process group already active");
                } else if (e.code() == Fault.BAD_NAME.code()) {
                    ctl.output("ERROR: no such process/group: " + name);
                    ctl.exitStatus = Controller.GENERIC;
                } else {
                    ctl.exitStatus = Controller.GENERIC;
                    throw e;
                }
            }
        }
    }

    void remove(String arg) throws IOException {
        for (String name : words(arg)) {
            try {
                ctl.call("removeProcessGroup", name);
                ctl.output(name + ": removed process group");
            } catch (RpcFault e) {
                ctl.exitStatus = Controller.GENERIC;
                if (e.code() == Fault.STILL_RUNNING.code()) {
                    ctl.output("ERROR: process/group still running: " + name);
                } else if (e.code() == Fault.BAD_NAME.code()) {
                    ctl.output("ERROR: no such process/group: " + name);
                } else {
                    throw e;
                }
            }
        }
    }

    void update(String arg) throws IOException {
        Object result;
        try {
            result = ctl.call("reloadConfig");
        } catch (RpcFault e) {
            ctl.exitStatus = Controller.GENERIC;
            if (e.code() == Fault.SHUTDOWN_STATE.code()) {
                ctl.output("ERROR: already shutting down");
                return;
            }
            throw e;
        }
        List<List<String>> c = changes(result);
        List<String> added = c.get(0);
        List<String> changed = c.get(1);
        List<String> removed = c.get(2);
        Set<String> valid = new LinkedHashSet<>(words(arg));
        if (valid.contains("all")) {
            valid.clear();
        }
        if (!valid.isEmpty()) {
            Set<String> groups = new java.util.HashSet<>();
            for (Map<String, Object> info : Results.structs(ctl.call("getAllProcessInfo"))) {
                groups.add(Results.str(info, "group"));
            }
            groups.addAll(added);
            // Python iterates a set: order is incidental there, sorted here
            for (String g : new java.util.TreeSet<>(valid)) {
                if (!groups.contains(g)) {
                    ctl.output("ERROR: no such group: " + g);
                    ctl.exitStatus = Controller.GENERIC;
                }
            }
        }
        for (String g : removed) {
            if (!valid.isEmpty() && !valid.contains(g)) {
                continue;
            }
            List<Map<String, Object>> results = Results.structs(ctl.call("stopProcessGroup", g));
            ctl.output(g + ": stopped");
            boolean fails = results.stream().anyMatch(r -> Results.num(r, "status") == Fault.FAILED.code());
            if (fails) {
                ctl.output(g + ": has problems; not removing");
                ctl.exitStatus = Controller.GENERIC;
                continue;
            }
            ctl.call("removeProcessGroup", g);
            ctl.output(g + ": removed process group");
        }
        for (String g : changed) {
            if (!valid.isEmpty() && !valid.contains(g)) {
                continue;
            }
            ctl.call("stopProcessGroup", g);
            ctl.output(g + ": stopped");
            ctl.call("removeProcessGroup", g);
            ctl.call("addProcessGroup", g);
            ctl.output(g + ": updated process group");
        }
        for (String g : added) {
            if (!valid.isEmpty() && !valid.contains(g)) {
                continue;
            }
            ctl.call("addProcessGroup", g);
            ctl.output(g + ": added process group");
        }
    }
}
