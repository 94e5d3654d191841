package io.drover.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One process as supervisord runs it: a {@code [program:x]} (or fcgi-program / eventlistener) section expanded for
 * one {@code process_num}. All {@code %(...)s} expressions are already expanded.
 *
 * @param name            the process name ({@code process_name} expanded)
 * @param group           the name of the group it belongs to
 * @param command         the command line as written (expanded), split by the node at spawn time
 * @param processNum      {@code process_num} of this instance
 * @param priority        start order (lower first), stop order reversed; default 999
 * @param umask           octal, if set
 * @param user            run the child as this user, if set
 * @param directory       chdir before exec, if set
 * @param environment     the program's {@code environment} key only (the daemon's environment is merged at spawn)
 * @param serverurl       {@code serverurl} (default AUTO): what {@code SUPERVISOR_SERVER_URL} says
 * @param stopsignal      TERM by default
 * @param exitcodes       expected exit codes, default {0}
 * @param stdout          stdout channel
 * @param stderr          stderr channel (ignored for logging when {@code redirectStderr})
 * @param stripAnsi       from {@code [supervisord] strip_ansi}
 * @param sourceFile      the file the section came from, for error messages and reread
 * @param sectionName     {@code program:x}
 */
public record ProcessSpec(
        String name,
        String group,
        String command,
        int processNum,
        int priority,
        boolean autostart,
        AutoRestart autorestart,
        int startsecs,
        int startretries,
        List<Integer> exitcodes,
        Signal stopsignal,
        int stopwaitsecs,
        boolean stopasgroup,
        boolean killasgroup,
        Optional<Integer> umask,
        Optional<String> user,
        Optional<String> directory,
        Map<String, String> environment,
        boolean redirectStderr,
        LogChannelSpec stdout,
        LogChannelSpec stderr,
        String serverurl,
        boolean stripAnsi,
        Path sourceFile,
        String sectionName) {

    public ProcessSpec {
        exitcodes = List.copyOf(exitcodes);
        environment = Map.copyOf(environment);
    }

    /** {@code group:name}, the name RPC callers use. */
    public String qualifiedName() {
        return group + ":" + name;
    }
}
