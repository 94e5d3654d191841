package io.drover.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Prints a parsed config in the line format of conformance/supervisor_dump.py, so the two can be compared. */
final class ModelDump {
    private ModelDump() {
    }

    static List<String> lines(LoadedConfig loaded) {
        SupervisorConfig c = loaded.config();
        List<String> out = new ArrayList<>();
        DaemonSettings d = c.daemon();
        String logfile = d.logfile() instanceof LogTarget.File f ? f.path().toString() : "syslog";
        out.add(String.join("\t", "daemon", logfile, "" + d.logfileMaxbytes(), "" + d.logfileBackups(),
                "" + levelNumber(d.loglevel()), d.pidfile().toString(), oct(d.umask()), b(d.nodaemon()),
                b(d.silent()), "" + d.minfds(), "" + d.minprocs(), b(d.nocleanup()), d.childlogdir().toString(),
                d.user().orElse("None"), d.directory().map(Object::toString).orElse("None"), b(d.stripAnsi()),
                env(d.environment()), d.identifier()));
        c.inetServer().ifPresent(s -> out.add(String.join("\t", "inet", s.host(), "" + s.port(),
                s.credentials().map(Credentials::username).orElse("None"),
                s.credentials().map(Credentials::password).orElse("None"))));
        c.unixServer().ifPresent(s -> out.add(String.join("\t", "unix", s.file().toString(), oct(s.chmod()),
                s.credentials().map(Credentials::username).orElse("None"),
                s.credentials().map(Credentials::password).orElse("None"))));
        loaded.warnings().forEach(w -> out.add("warn\t" + w));
        loaded.infos().forEach(i -> out.add("info\t" + i));
        for (GroupSpec g : c.groups()) {
            String extra = g.listener().map(l -> l.events().stream().sorted().collect(Collectors.joining(","))
                    + "/" + l.bufferSize()).orElse(g.fcgiSocket().map(FcgiSocketSpec::url).orElse(""));
            out.add(String.join("\t", "group", g.name(), "" + g.priority(), extra));
            for (ProcessSpec p : g.processes()) {
                Map<String, String> env = new HashMap<>(d.environment());
                env.putAll(p.environment());
                List<String> f = new ArrayList<>(List.of("proc", g.name(), p.name(), p.command(), "" + p.priority(),
                        b(p.autostart()), p.autorestart().name(), "" + p.startsecs(), "" + p.startretries(),
                        p.exitcodes().stream().map(String::valueOf).collect(Collectors.joining(",")),
                        "" + p.stopsignal().number(), "" + p.stopwaitsecs(), b(p.stopasgroup()),
                        b(p.killasgroup()), p.umask().map(ModelDump::oct).orElse("-"), p.user().orElse("-"),
                        p.directory().map(Object::toString).orElse("-"), env(env), b(p.redirectStderr())));
                for (LogChannelSpec ch : List.of(p.stdout(), p.stderr())) {
                    f.add(logname(ch.target()));
                    f.add("" + ch.maxbytes());
                    f.add("" + ch.backups());
                    f.add("" + ch.captureMaxbytes());
                    f.add(b(ch.eventsEnabled()));
                    f.add(b(ch.syslog()));
                }
                f.add(p.serverurl());
                out.add(String.join("\t", f));
            }
        }
        return out;
    }

    private static String logname(LogTarget t) {
        if (t instanceof LogTarget.Auto) return "AUTO";
        if (t instanceof LogTarget.File f) return f.path().toString();
        return "NONE";
    }

    private static String env(Map<String, String> m) {
        return new TreeMap<>(m).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(";"));
    }

    private static String b(boolean v) {
        return v ? "1" : "0";
    }

    private static String oct(int v) {
        return "0o" + Integer.toOctalString(v);
    }

    private static int levelNumber(LogLevel l) {
        return switch (l) {
            case CRIT -> 50;
            case ERRO -> 40;
            case WARN -> 30;
            case INFO -> 20;
            case DEBG -> 10;
            case TRAC -> 5;
            case BLAT -> 3;
        };
    }
}
