package io.drover.node.supervisor;

/**
 * One process as {@code getProcessInfo} reports it; field names follow supervisord's struct keys.
 *
 * @param name           process name
 * @param group          group name
 * @param description    {@code pid N, uptime H:MM:SS} / {@code Not started} / stop time / spawnerr / empty
 * @param start          last start, epoch seconds (0 if never)
 * @param stop           last stop, epoch seconds (0 if never)
 * @param now            the daemon's clock, epoch seconds
 * @param state          the state's code (see {@link io.drover.node.process.ProcessState})
 * @param statename      the state's name
 * @param spawnerr       the last spawn error, or empty
 * @param exitstatus     the last exit status (-1 after death by signal), 0 if none
 * @param logfile        alias of stdout_logfile
 * @param stdoutLogfile  the stdout log path, or empty
 * @param stderrLogfile  the stderr log path, or empty
 * @param pid            the child's pid, 0 when not running
 */
public record ProcessInfo(
        String name,
        String group,
        String description,
        long start,
        long stop,
        long now,
        int state,
        String statename,
        String spawnerr,
        int exitstatus,
        String logfile,
        String stdoutLogfile,
        String stderrLogfile,
        int pid) {

    /** {@code group:name} */
    public String qualifiedName() {
        return group + ":" + name;
    }
}
