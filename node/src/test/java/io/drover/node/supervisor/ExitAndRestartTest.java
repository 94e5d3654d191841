package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.testing.Eventually;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Exits after startsecs: expected or not (exitcodes), and what autorestart does with each. */
class ExitAndRestartTest {

    private static final Duration T = Duration.ofSeconds(8);

    @Test
    void expectedExitWithoutAutorestartStaysExited() throws Exception {
        try (NodeHarness h = NodeHarness.start(
                "[program:a]\ncommand=sh -c \"sleep 0.3; exit 0\"\nstartsecs=0\nautorestart=false\n")) {
            h.awaitState("a", "EXITED", T);
            ProcessInfo i = h.info("a");
            assertEquals(0, i.exitstatus());
            assertEquals("", i.spawnerr());
            assertTrue(i.description().matches("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M"), i.description());
            h.awaitLog("INFO exited: a (exit status 0; expected)");
            assertEquals(List.of("STARTING", "RUNNING", "EXITED"), h.statesOf("a"));
        }
    }

    /**
     * supervisord turns a startsecs=0 child RUNNING on the tick after its spawn, before it reaps: even a child that
     * exits at once logs {@code success:} before its {@code exited:}, and exits as unexpected from RUNNING (EXITED,
     * not BACKOFF). Many programs in the pass make the exit likely to arrive before the pass is done.
     */
    @Test
    void instantExitInAnAutostartPassIsRunningFirst() throws Exception {
        StringBuilder conf = new StringBuilder("[program:a]\ncommand=sh -c \"exit 3\"\nstartsecs=0\nautorestart=false\n");
        for (int i = 0; i < 20; i++) {
            conf.append("[program:s").append(i).append("]\ncommand=sleep 30\nstartsecs=0\n");
        }
        try (NodeHarness h = NodeHarness.start(conf.toString())) {
            h.awaitState("a", "EXITED", T);
            h.awaitLog("WARN exited: a (exit status 3; not expected)");
            String log = h.mainLogText();
            int success = log.indexOf("INFO success: a entered RUNNING state, process has stayed up for > than 0 seconds");
            assertTrue(success >= 0, log);
            assertTrue(success < log.indexOf("WARN exited: a (exit status 3; not expected)"), log);
            assertTrue(log.lastIndexOf("spawned: 's19'") < success, log);
            assertEquals(List.of("STARTING", "RUNNING", "EXITED"), h.statesOf("a"));
            assertEquals("Bad exit code 3", h.info("a").spawnerr());
        }
    }

    @Test
    void unexpectedExitKeepsBadExitCodeEvenInExited() throws Exception {
        try (NodeHarness h = NodeHarness.start(
                "[program:a]\ncommand=sh -c \"sleep 0.3; exit 3\"\nstartsecs=0\nautorestart=false\n")) {
            h.awaitState("a", "EXITED", T);
            ProcessInfo i = h.info("a");
            assertEquals(3, i.exitstatus());
            assertEquals("Bad exit code 3", i.spawnerr());
            h.awaitLog("WARN exited: a (exit status 3; not expected)");
        }
    }

    @Test
    void exitcodesMakeAnExitExpected() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sh -c \"sleep 0.3; exit 3\"\nstartsecs=0\n"
                + "autorestart=unexpected\nexitcodes=0,3\n")) {
            h.awaitState("a", "EXITED", T);
            h.awaitLog("INFO exited: a (exit status 3; expected)");
            assertEquals(List.of("STARTING", "RUNNING", "EXITED"), h.statesOf("a"));
        }
    }

    @Test
    void autorestartUnexpectedRestartsOnlyAfterAnUnexpectedCode() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:bad]\ncommand=sh -c \"sleep 0.3; exit 2\"\nstartsecs=0\n"
                + "autorestart=unexpected\n[program:good]\ncommand=sh -c \"sleep 0.3; exit 0\"\nstartsecs=0\n"
                + "autorestart=unexpected\n")) {
            Eventually.await(T, "bad restarted twice",
                    () -> h.statesOf("bad").stream().filter("STARTING"::equals).count() >= 3);
            h.awaitState("good", "EXITED", T);
            assertEquals(List.of("STARTING", "RUNNING", "EXITED"), h.statesOf("good"));
        }
    }

    @Test
    void autorestartTrueRestartsEvenAfterAnExpectedExit() throws Exception {
        try (NodeHarness h = NodeHarness.start(
                "[program:a]\ncommand=sh -c \"sleep 0.2; exit 0\"\nstartsecs=0\nautorestart=true\n")) {
            Eventually.await(T, "a restarted", () -> h.statesOf("a").stream().filter("STARTING"::equals).count() >= 3);
        }
    }

    @Test
    void deathBySignalReportsMinusOne() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 30\nstartsecs=0\nautorestart=false\n")) {
            h.awaitState("a", "RUNNING", T);
            int pid = h.info("a").pid();
            NodeHarness.kill(pid);
            h.awaitState("a", "EXITED", T);
            ProcessInfo i = h.info("a");
            assertEquals(-1, i.exitstatus());
            assertEquals("Bad exit code -1", i.spawnerr());
            h.awaitLog("WARN exited: a (terminated by SIGKILL; not expected)");
        }
    }

    @Test
    void killedProcessIsRespawnedWithANewPid() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 30\nstartsecs=0\n")) {
            h.awaitState("a", "RUNNING", T);
            int pid = h.info("a").pid();
            NodeHarness.kill(pid);
            Eventually.await(T, "a respawned", () -> {
                ProcessInfo i = h.info("a");
                return i.statename().equals("RUNNING") && i.pid() != pid && i.pid() != 0;
            });
            assertNotEquals(pid, h.info("a").pid());
        }
    }
}
