package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.config.LogLevel;
import io.drover.node.mainlog.MainLog;
import io.drover.node.os.SyslogReceiver;
import io.drover.node.os.SyslogSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code *_syslog} and {@code logfile=syslog}: the datagrams supervisord 4.2 sends, received on a real socket. */
class SyslogOutputTest {
    private static final String HEAD = "<14>[A-Z][a-z]{2} [ 1-3]\\d \\d\\d:\\d\\d:\\d\\d supervisord: ";

    @Test
    void eachLineOfAChildsOutputIsOneDatagram() throws Exception {
        try (SyslogReceiver syslog = new SyslogReceiver()) {
            String body = "[program:talk]\ncommand=sh -c 'printf \"one\\ntwo\\n\\nthree\\n\\n\"; sleep 0.2; "
                    + "printf \"oops\\n\" >&2; exec sleep 30'\n"
                    + "stdout_syslog=true\nstderr_syslog=true\nstdout_logfile=%(here)s/talk.log\n"
                    + "stderr_logfile=NONE\nstartsecs=0\n";
            try (NodeHarness h = NodeHarness.start(body)) {
                List<String> got = syslog.receive(5, Duration.ofSeconds(10));
                assertEquals(5, got.size(), got.toString());
                String[] want = {"talk one", "talk two", "talk ", "talk three", "talk oops"};
                for (int i = 0; i < want.length; i++) {
                    assertTrue(got.get(i).matches(HEAD + want[i]), got.get(i));
                }
                Path file = h.dir.resolve("talk.log");
                assertEquals("one\ntwo\n\nthree\n\n", Files.readString(file), "the file still gets every byte");
            }
        }
    }

    @Test
    void theDaemonLogGoesToSyslogLineByLine() throws Exception {
        try (SyslogReceiver syslog = new SyslogReceiver()) {
            MainLog log = MainLog.syslog(SyslogSocket.shared()::send, LogLevel.INFO, null);
            log.critical("first\nsecond");
            log.debug("not at info");
            log.info("done");
            List<String> got = syslog.receive(3, Duration.ofSeconds(10));
            assertEquals(3, got.size(), got.toString());
            String stamp = "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} ";
            assertTrue(got.get(0).matches(HEAD + stamp + "CRIT first\n"), got.get(0));
            assertTrue(got.get(1).matches(HEAD + stamp + "CRIT second\n"), got.get(1));
            assertTrue(got.get(2).matches(HEAD + stamp + "INFO done\n"), got.get(2));
        }
    }
}
