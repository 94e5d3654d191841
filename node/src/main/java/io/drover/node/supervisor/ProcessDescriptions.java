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
        // by hand, not String.format: this runs for every process of every getAllProcessInfo
        StringBuilder sb = new StringBuilder(24);
        if (days != 0) {
            sb.append(days).append(days == 1 ? " day, " : " days, ");
        }
        sb.append(rem / 3600).append(':');
        twoDigits(sb, (rem % 3600) / 60).append(':');
        return twoDigits(sb, rem % 60).toString();
    }

    private static StringBuilder twoDigits(StringBuilder sb, long v) {
        return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }
}
