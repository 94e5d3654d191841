package io.drover.node.supervisor;

import io.drover.node.process.ProcessState;
import io.drover.node.process.ProcessStatus;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** supervisord's {@code description} of a process (getProcessInfo, supervisorctl status). */
final class ProcessDescriptions {

    private static final DateTimeFormatter STOP_TIME = DateTimeFormatter.ofPattern("MMM dd hh:mm a", Locale.ENGLISH);

    private ProcessDescriptions() {
    }

    static String describe(ProcessStatus s, long nowMillis) {
        ProcessState state = s.state();
        if (state == ProcessState.RUNNING) {
            long uptime = Math.max(0, nowMillis / 1000 - s.startMillis() / 1000);
            return "pid " + s.pid() + ", uptime " + uptime(uptime);
        }
        if (state == ProcessState.FATAL || state == ProcessState.BACKOFF) {
            return s.spawnerr().isEmpty() ? "unknown error (try \"tail " + s.name() + "\")" : s.spawnerr();
        }
        if (state == ProcessState.STOPPED || state == ProcessState.EXITED) {
            if (s.startMillis() == 0) {
                return "Not started";
            }
            return STOP_TIME.format(Instant.ofEpochMilli(s.stopMillis()).atZone(ZoneId.systemDefault()));
        }
        return "";
    }

    /** Python's {@code str(timedelta)}: {@code H:MM:SS}, or {@code N day(s), H:MM:SS}. */
    static String uptime(long seconds) {
        long days = seconds / 86400;
        long rem = seconds % 86400;
        String hms = String.format(Locale.ROOT, "%d:%02d:%02d", rem / 3600, (rem % 3600) / 60, rem % 60);
        if (days == 0) {
            return hms;
        }
        return days + (days == 1 ? " day, " : " days, ") + hms;
    }
}
