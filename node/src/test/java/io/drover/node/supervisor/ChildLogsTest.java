package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Child output in log files: AUTO names, rotation, redirect_stderr, clearProcessLogs, SIGUSR2 reopen. */
class ChildLogsTest {

    private static final Duration T = Duration.ofSeconds(8);

    @Test
    void autoLogsAreCreatedInChildlogdirAndRotate() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:w]\ncommand=sh -c \"for i in 1 2 3 4; do "
                + "head -c 1100 /dev/zero; sleep 0.1; done; echo err >&2; sleep 100\"\n"
                + "startsecs=0\nstdout_logfile_maxbytes=1KB\nstdout_logfile_backups=2\n")) {
            LogPaths p = h.ok(to -> new NodeSupervisor.GetLogPaths("w", to));
            Path out = p.stdout().orElseThrow();
            Path err = p.stderr().orElseThrow();
            assertTrue(out.getFileName().toString().matches("w-stdout---supervisor-.+\\.log"), out.toString());
            assertEquals(h.dir, out.getParent());
            assertEquals(out.toString(), h.info("w").stdoutLogfile());
            Eventually.await(T, "stderr logged", () -> read(err).equals("err\n"));
            Eventually.await(T, "two backups", () -> Files.exists(Path.of(out + ".2")));
            assertTrue(Files.size(Path.of(out + ".1")) >= 1024);
            assertTrue(!Files.exists(Path.of(out + ".3")));

            assertEquals(true, h.<Boolean>ok(to -> new NodeSupervisor.ClearProcessLogs("w", to)));
            assertEquals(0, Files.size(out));
        }
    }

    @Test
    void redirectStderrSendsBothStreamsToStdoutsLog() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:r]\ncommand=sh -c \"echo out; echo err >&2; sleep 100\"\n"
                + "startsecs=0\nredirect_stderr=true\nstdout_logfile=%(here)s/r.log\n")) {
            Path log = h.dir.resolve("r.log");
            Eventually.await(T, "both lines", () -> read(log).contains("out\n") && read(log).contains("err\n"));
            assertEquals("", h.info("r").stderrLogfile());
        }
    }

    @Test
    void sigusr2ReopensLogs() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 100\nstartsecs=0\n")) {
            h.awaitState("a", "RUNNING", T);
            h.node.tell(new NodeSupervisor.DaemonSignal(12));
            h.awaitLog("INFO received SIGUSR2 indicating log reopen request");
            h.awaitLog("INFO supervisord logreopen");
            assertEquals("RUNNING", h.state("a"));
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return "";
        }
    }
}
