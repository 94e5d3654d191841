package io.drover.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the daemon tests read from a daemon's log, and the signals they send to its PIDs. */
final class DaemonLogText {
    private static final Pattern SPAWNED = Pattern.compile("spawned: '(\\w+)' with pid (\\d+)");

    private DaemonLogText() {
    }

    /** The PIDs of every {@code spawned:} line, in log order. */
    static List<Long> spawnedPids(String log) {
        List<Long> out = new ArrayList<>();
        Matcher m = SPAWNED.matcher(log);
        while (m.find()) {
            out.add(Long.parseLong(m.group(2)));
        }
        return out;
    }

    static int count(String text, String fragment) {
        int n = 0;
        for (int i = text.indexOf(fragment); i >= 0; i = text.indexOf(fragment, i + 1)) {
            n++;
        }
        return n;
    }

    static void signal(long pid, String sig) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).start().waitFor());
    }
}
