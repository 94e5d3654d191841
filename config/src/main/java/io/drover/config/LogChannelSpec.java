package io.drover.config;

/**
 * One output channel of a process (stdout or stderr), as {@code stdout_*} / {@code stderr_*} keys configure it.
 *
 * @param target           {@code stdout_logfile}
 * @param maxbytes         {@code stdout_logfile_maxbytes} (50MB); 0 never rotates
 * @param backups          {@code stdout_logfile_backups} (10); 0 truncates on rotation
 * @param captureMaxbytes  {@code stdout_capture_maxbytes} (0: capture mode off)
 * @param eventsEnabled    {@code stdout_events_enabled}: raise PROCESS_LOG events
 * @param syslog           {@code stdout_syslog}: also write lines to syslog
 * @param timestamps       Drover extension {@code stdout_log_timestamps}: prefix each line with an ISO-8601 time
 */
public record LogChannelSpec(
        LogTarget target,
        long maxbytes,
        int backups,
        long captureMaxbytes,
        boolean eventsEnabled,
        boolean syslog,
        boolean timestamps) {
}
