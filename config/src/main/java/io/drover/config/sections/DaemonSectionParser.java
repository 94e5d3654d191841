package io.drover.config.sections;

import io.drover.config.ConfigError;
import io.drover.config.DaemonSettings;
import io.drover.config.LogLevel;
import io.drover.config.LogTarget;
import io.drover.config.values.KeyValuePairs;
import io.drover.config.values.PathValues;
import io.drover.config.values.Scalars;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [supervisord]}: every key with supervisord 4.2's default and check, in supervisord's order (so the first
 * bad key is the one reported). Values expand {@code ENV_*} and {@code here}.
 */
public final class DaemonSectionParser {
    public static final String SECTION = "supervisord";

    private DaemonSectionParser() {
    }

    public static DaemonSettings parse(ParseContext ctx) {
        if (!ctx.doc().hasSection(SECTION)) {
            throw new ConfigError(".ini file does not include supervisord section", ctx.mainFile(), 0, null, null);
        }
        SectionReader r = ctx.reader(SECTION);
        Map<String, Object> here = Map.of("here", ctx.here());
        int minfds = r.convert(r.get("minfds", "1024", here), Scalars::integer);
        int minprocs = r.convert(r.get("minprocs", "200", here), Scalars::integer);
        SectionReader.Opt dirOpt = r.get("directory", null, here);
        Optional<Path> directory = dirOpt.text() == null ? Optional.empty()
                : Optional.of(r.convert(dirOpt, PathValues::existingDirectory));
        SectionReader.Opt userOpt = r.get("user", null, here);
        Optional<String> user = Optional.ofNullable(userOpt.text());
        int umask = r.convert(r.get("umask", "022", here), Scalars::octal);
        SectionReader.Opt logOpt = r.get("logfile", "supervisord.log", here);
        String logfile = r.convert(logOpt, PathValues::existingDirpath);
        long logMax = r.convert(r.get("logfile_maxbytes", "50MB", here), Scalars::byteSize);
        int logBackups = r.convert(r.get("logfile_backups", "10", here), Scalars::integer);
        LogLevel level = r.convert(r.get("loglevel", "info", here), Scalars::logLevel);
        String pidfile = r.convert(r.get("pidfile", "supervisord.pid", here), PathValues::existingDirpath);
        String identifier = r.get("identifier", "supervisor", here).text();
        boolean nodaemon = r.convert(r.get("nodaemon", "false", here), Scalars::bool);
        boolean silent = r.convert(r.get("silent", "false", here), Scalars::bool);
        Path childlogdir = r.convert(r.get("childlogdir", System.getProperty("java.io.tmpdir"), here),
                PathValues::existingDirectory);
        boolean nocleanup = r.convert(r.get("nocleanup", "false", here), Scalars::bool);
        boolean stripAnsi = r.convert(r.get("strip_ansi", "false", here), Scalars::bool);

        // supervisord expands the environment a second time with here, host_node_name and ENV_*.
        SectionReader.Opt envOpt = r.get("environment", "", here);
        Map<String, Object> names = new HashMap<>(ctx.environNames());
        names.put("here", ctx.here());
        names.put("host_node_name", ctx.hostNodeName());
        String envText = r.expand(envOpt, envOpt.text(), names, "environment");
        Map<String, String> environment = r.convert(
                new SectionReader.Opt(envOpt.key(), envText, envOpt.present(), envOpt.file(), envOpt.line()),
                KeyValuePairs::parse);
        environment.forEach((k, v) -> ctx.environNames().put("ENV_" + k, v));

        LogTarget logTarget = logfile.equals("syslog") ? new LogTarget.Syslog()
                : new LogTarget.File(PathValues.normalize(logfile));
        return new DaemonSettings(logTarget, logMax, logBackups, level, PathValues.normalize(pidfile), umask,
                nodaemon, silent, minfds, minprocs, nocleanup, childlogdir, user, directory, stripAnsi,
                environment, identifier);
    }
}
