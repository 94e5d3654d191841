package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.logs.LogReader;
import io.drover.node.testing.Eventually;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ProcessActor's log channels with real children: rotation, AUTO, capture, timestamps, debug echo. */
class ChildLogWiringTest {

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static LogPaths paths(NodeHarness h, String name) {
        return h.ok(r -> new NodeSupervisor.GetLogPaths(name, r));
    }

    /**
     * supervisord resolves the command before it opens the logs: one it cannot find or run leaves no file (an AUTO
     * log is another matter: supervisord creates it with the group).
     */
    @Test
    void aCommandThatCannotRunLeavesNoLogFiles() throws Exception {
        String logs = "stdout_logfile=%(here)s/%(program_name)s.out\nstderr_logfile=%(here)s/%(program_name)s.err\n";
        String body = "[program:nofile]\ncommand=/nonexistent/cmd\nstartretries=0\n" + logs
                + "[program:noexec]\ncommand=/etc/passwd\nstartretries=0\n" + logs
                + "[program:nodir]\ncommand=sleep 30\ndirectory=/nonexistent\nstartretries=0\n" + logs;
        try (NodeHarness h = NodeHarness.start(body)) {
            for (String p : List.of("nofile", "noexec", "nodir")) {
                h.awaitState(p, "FATAL", Duration.ofSeconds(10));
            }
            h.awaitLog("spawnerr: can't find command '/nonexistent/cmd'");
            assertTrue(Files.exists(h.dir.resolve("nodir.err")), "a child that fails after the fork has its logs");
            for (String f : List.of("nofile.out", "nofile.err", "noexec.out", "noexec.err")) {
                assertTrue(Files.notExists(h.dir.resolve(f)), f);
            }
        }
    }

    @Test
    void outputIsRotatedAndStderrGoesToAnAutoLog() throws Exception {
        // four bursts of 75 lines (> 1 KB each, apart in time): at least three rotations whatever the read sizes
        String body = "[program:w]\ncommand=sh -c 'i=0; while [ $i -lt 300 ]; do echo line-$i; i=$((i+1)); "
                + "[ $((i %% 75)) -eq 0 ] && sleep 0.1; done; echo oops >&2; exec sleep 30'\n"
                + "stdout_logfile=%(here)s/w.log\nstdout_logfile_maxbytes=1KB\n"
                + "stdout_logfile_backups=2\nstartsecs=0\n";
        try (NodeHarness h = NodeHarness.start(body)) {
            LogPaths p = paths(h, "w");
            Path out = p.stdout().orElseThrow();
            Path err = p.stderr().orElseThrow();
            assertTrue(err.getFileName().toString().matches("w-stderr---supervisor-[a-z0-9_]{8}\\.log"),
                    err.toString());
            Eventually.await(Duration.ofSeconds(10), "stderr logged", () -> read(err).equals("oops\n"));
            Eventually.await(Duration.ofSeconds(10), "all stdout logged",
                    () -> (read(out.resolveSibling("w.log.1")) + read(out)).endsWith("line-299\n"));
            assertTrue(Files.size(out.resolveSibling("w.log.1")) >= 1024);
            assertTrue(Files.exists(out.resolveSibling("w.log.2")));
            assertTrue(!Files.exists(out.resolveSibling("w.log.3")), "never more than backups");
            String joined = read(out.resolveSibling("w.log.2")) + read(out.resolveSibling("w.log.1")) + read(out);
            assertTrue(joined.endsWith("line-298\nline-299\n"), joined);
            assertEquals(read(out), new String(LogReader.read(p.stdout(), 0, 0), StandardCharsets.UTF_8));
            h.awaitLog("'w' stdout output:\nline-0"); // loglevel=debug echoes output, as supervisord does

            assertEquals(Boolean.TRUE, h.<Boolean>ok(r -> new NodeSupervisor.ClearProcessLogs("w", r)));
            assertEquals("", read(out));
            assertEquals("", read(err));
        }
    }

    @Test
    void captureMarkersAreCutOutAndTimestampsEndAPartialLine() throws Exception {
        String body = "[program:c]\ncommand=printf 'a<!--XSUPERVISOR:BEGIN-->secret<!--XSUPERVISOR:END-->b\\npartial'\n"
                + "stdout_logfile=%(here)s/c.log\nstdout_capture_maxbytes=1KB\nstdout_log_timestamps=true\n"
                + "startsecs=0\nautorestart=false\n";
        try (NodeHarness h = NodeHarness.start(body)) {
            Path out = paths(h, "c").stdout().orElseThrow();
            Eventually.await(Duration.ofSeconds(10), "the partial line ended at EOF",
                    () -> read(out).endsWith("partial\n"));
            List<String> lines = read(out).lines().toList();
            String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d ";
            assertTrue(lines.get(0).matches(stamp + "ab"), lines.get(0));
            assertTrue(lines.get(1).matches(stamp + "partial"), lines.get(1));
            assertEquals(2, lines.size(), lines.toString());
            h.awaitLog("'c' stdout emitted a comm event");
        }
    }

    @Test
    void aListenersStdoutIsEchoedAsBytesAndItsProtocolStepsAreLogged() throws Exception {
        // supervisord's listener dispatcher logs the raw chunk's repr; a program's output is logged as text
        String body = "[eventlistener:L]\ncommand=sh -c 'printf \"READY\\n\"; exec sleep 30'\n"
                + "events=TICK_60\nstartsecs=0\n";
        try (NodeHarness h = NodeHarness.start(body)) {
            h.awaitLog("DEBG 'L' stdout output:\nb'READY\\n'\n");
            h.awaitLog("DEBG L: ACKNOWLEDGED -> READY\n");
        }
    }
}
