package io.drover.config.sections;

import io.drover.config.AutoRestart;
import io.drover.config.LogChannelSpec;
import io.drover.config.LogTarget;
import io.drover.config.ProcessSpec;
import io.drover.config.Signal;
import io.drover.config.values.BadValue;
import io.drover.config.values.KeyValuePairs;
import io.drover.config.values.PathValues;
import io.drover.config.values.Scalars;
import io.drover.config.values.SystemNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * supervisord's {@code processes_from_section}: one {@code [program:x]}-like section expanded into one
 * {@link ProcessSpec} per {@code process_num}. Which keys see which {@code %(name)s} follows supervisord exactly:
 * keys read before the per-process loop see {@code here}, {@code program_name}, {@code group_name},
 * {@code host_node_name} and {@code ENV_*}; {@code environment}, {@code directory}, the log files, {@code command}
 * and {@code process_name} also see {@code process_num}, {@code numprocs} and the program's own environment.
 */
public final class ProgramParser {
    private static final String AUTOMATIC = "\u0000AUTO";

    private ProgramParser() {
    }

    public static List<ProcessSpec> processes(ParseContext ctx, String section, String groupName, boolean stripAnsi) {
        SectionReader r = ctx.processReader(section);
        String programName;
        try {
            programName = Scalars.processOrGroupName(section.split(":", 2)[1]);
        } catch (BadValue e) {
            throw r.error(e.getMessage());
        }
        Map<String, Object> common = new HashMap<>();
        common.put("here", ctx.here());
        common.put("program_name", programName);
        common.put("host_node_name", ctx.hostNodeName());
        common.put("group_name", groupName);

        int priority = r.convert(r.get("priority", "999", common), Scalars::integer);
        boolean autostart = r.convert(r.get("autostart", "true", common), Scalars::bool);
        AutoRestart autorestart = r.convert(r.get("autorestart", "unexpected", common), Scalars::autoRestart);
        int startsecs = r.convert(r.get("startsecs", "1", common), Scalars::integer);
        int startretries = r.convert(r.get("startretries", "3", common), Scalars::integer);
        Signal stopsignal = r.convert(r.get("stopsignal", "TERM", common), Scalars::signal);
        int stopwaitsecs = r.convert(r.get("stopwaitsecs", "10", common), Scalars::integer);
        boolean stopasgroup = r.convert(r.get("stopasgroup", "false", common), Scalars::bool);
        boolean killasgroup = r.convert(r.get("killasgroup", Boolean.toString(stopasgroup), common), Scalars::bool);
        List<Integer> exitcodes = r.convert(r.get("exitcodes", "0", common), Scalars::exitcodes);
        boolean redirectStderr = r.convert(r.get("redirect_stderr", "false", common), Scalars::bool);
        int numprocs = r.convert(r.get("numprocs", "1", common), Scalars::integer);
        int numprocsStart = r.convert(r.get("numprocs_start", "0", common), Scalars::integer);
        SectionReader.Opt envOpt = r.raw("environment", "");
        long stdoutCapture = r.convert(r.get("stdout_capture_maxbytes", "0", common), Scalars::byteSize);
        boolean stdoutEvents = r.convert(r.get("stdout_events_enabled", "false", common), Scalars::bool);
        long stderrCapture = r.convert(r.get("stderr_capture_maxbytes", "0", common), Scalars::byteSize);
        boolean stderrEvents = r.convert(r.get("stderr_events_enabled", "false", common), Scalars::bool);
        String serverurl = r.get("serverurl", null, common).text();
        if (serverurl == null || serverurl.strip().equalsIgnoreCase("AUTO")) {
            serverurl = "AUTO";
        }
        SectionReader.Opt userOpt = r.get("user", null, common);
        Optional<String> user = Optional.empty();
        if (userOpt.text() != null) {
            user = Optional.of(r.convert(userOpt, SystemNames::user));
        }
        SectionReader.Opt umaskOpt = r.get("umask", null, common);
        Optional<Integer> umask = umaskOpt.text() == null ? Optional.empty()
                : Optional.of(r.convert(umaskOpt, Scalars::octal));
        SectionReader.Opt nameOpt = r.raw("process_name", "%(program_name)s");
        String processName = r.convert(nameOpt, Scalars::processOrGroupName);
        if (numprocs > 1 && !processName.contains("%(process_num)")) {
            throw r.error(nameOpt, "%(process_num) must be present within process_name when numprocs > 1");
        }
        if (stopasgroup && !killasgroup) {
            throw r.error(r.raw("killasgroup", null), "Cannot set stopasgroup=true and killasgroup=false");
        }

        List<ProcessSpec> out = new ArrayList<>();
        // supervisord grows one dict across iterations (process_num, numprocs, ENV_* of the program's environment).
        Map<String, Object> expansions = common;
        for (int processNum = numprocsStart; processNum < numprocs + numprocsStart; processNum++) {
            expansions.put("process_num", processNum);
            expansions.put("numprocs", numprocs);
            expansions.putAll(ctx.environNames());
            String envText = r.expand(envOpt, envOpt.text(), expansions, "environment");
            Map<String, String> environment = r.convert(withText(envOpt, envText), KeyValuePairs::parse);
            for (Map.Entry<String, String> e : environment.entrySet()) {
                expansions.put("ENV_" + e.getKey(), e.getValue());
            }
            String dirText = r.get("directory", null, expansions).text();
            // kept as written: supervisord reports it so (getAllConfigInfo), trailing slash included
            Optional<String> directory = Optional.ofNullable(dirText);
            LogChannelSpec stdout = channel(ctx, r, "stdout", expansions, stdoutCapture, stdoutEvents);
            LogChannelSpec stderr = channel(ctx, r, "stderr", expansions, stderrCapture, stderrEvents);
            if (redirectStderr) {
                String written = r.raw("stderr_logfile", null).text();
                if (written != null && !Set.of("none", "off", "auto", "syslog")
                        .contains(written.toLowerCase(java.util.Locale.ROOT))) {
                    ctx.warnings().add("For [" + section + "], redirect_stderr=true but stderr_logfile has also "
                            + "been set to a filename, the filename has been ignored");
                }
                stderr = new LogChannelSpec(new LogTarget.None(), stderr.maxbytes(), stderr.backups(),
                        stderr.captureMaxbytes(), stderr.eventsEnabled(), stderr.syslog(), stderr.timestamps());
            }
            SectionReader.Opt command = r.get("command", null, expansions);
            if (command.text() == null) {
                throw r.error("program section " + section + " does not specify a command");
            }
            String name = r.expand(nameOpt, processName, expansions, "process_name");
            out.add(new ProcessSpec(name, groupName, command.text(), processNum, priority, autostart, autorestart,
                    startsecs, startretries, exitcodes, stopsignal, stopwaitsecs, stopasgroup, killasgroup, umask,
                    user, directory, environment, redirectStderr, stdout, stderr, serverurl, stripAnsi,
                    r.sectionFile(), section));
        }
        // supervisord sorts a section's processes as its Config.__lt__ does: priority, then name (as strings).
        out.sort(java.util.Comparator.comparingInt(ProcessSpec::priority).thenComparing(ProcessSpec::name));
        return out;
    }

    private static LogChannelSpec channel(ParseContext ctx, SectionReader r, String k, Map<String, Object> expansions, long capture,
            boolean events) {
        String lfKey = k + "_logfile";
        SectionReader.Opt lf = r.get(lfKey, AUTOMATIC, expansions);
        LogTarget target;
        if (lf.present()) {
            // supervisord expands a written log file name twice (once in get, once explicitly).
            String twice = r.expand(lf, lf.text(), expansions, lfKey);
            target = r.convert(withText(lf, twice), PathValues::logfile);
        } else {
            target = new LogTarget.Auto();
        }
        int backups = r.convert(r.get(k + "_logfile_backups", "10", expansions), Scalars::integer);
        long maxbytes = r.convert(r.get(k + "_logfile_maxbytes", "50MB", expansions), Scalars::byteSize);
        boolean syslog = r.convert(r.get(k + "_syslog", "false", expansions), Scalars::bool);
        boolean timestamps = r.convert(r.get(k + "_log_timestamps", "false", expansions), Scalars::bool);
        if (target instanceof LogTarget.Syslog) {
            // the deprecated "syslog" file name means: no file, syslog on
            ctx.warnings().add("For [" + r.section() + "], " + lfKey + "=syslog but this is deprecated and will be "
                    + "removed.  Use " + k + "_syslog=true to enable syslog instead.");
            target = new LogTarget.None();
            syslog = true;
        }
        if (target instanceof LogTarget.Auto && maxbytes == 0) {
            ctx.warnings().add("For [" + r.section() + "], AUTO logging used for " + lfKey + " without rollover, "
                    + "set maxbytes > 0 to avoid filling up filesystem unintentionally");
        }
        return new LogChannelSpec(target, maxbytes, backups, capture, events, syslog, timestamps);
    }

    private static SectionReader.Opt withText(SectionReader.Opt o, String text) {
        return new SectionReader.Opt(o.key(), text, o.present(), o.file(), o.line());
    }
}
