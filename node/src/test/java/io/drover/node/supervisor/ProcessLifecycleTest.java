package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** supervisord's state machine, one transition at a time, with real children. */
class ProcessLifecycleTest {

    @Test
    void startingThenRunningAfterStartsecsThenStoppedByStop() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 30\nstartsecs=1\n")) {
            h.awaitState("a", "STARTING", Duration.ofSeconds(5));
            ProcessInfo starting = h.info("a");
            assertEquals(10, starting.state());
            assertEquals("", starting.description());
            assertTrue(starting.pid() > 0);
            h.awaitState("a", "RUNNING", Duration.ofSeconds(5));
            ProcessInfo running = h.info("a");
            assertTrue(running.description().matches("pid " + running.pid() + ", uptime 0:00:0\\d"),
                    running.description());
            h.awaitLog("success: a entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)");
            h.awaitLog("spawned: 'a' with pid " + running.pid());

            ActionResult r = h.<ActionResult>ok(to -> new NodeSupervisor.StopProcess("a", true, to));
            assertEquals(ActionResult.DONE, r);
            ProcessInfo stopped = h.info("a");
            assertEquals("STOPPED", stopped.statename());
            assertEquals(0, stopped.pid());
            assertEquals(-1, stopped.exitstatus());
            assertTrue(stopped.description().matches("[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M"), stopped.description());
            h.awaitLog("waiting for a to stop");
            h.awaitLog("stopped: a (terminated by SIGTERM)");
            assertEquals(List.of("STARTING", "RUNNING", "STOPPING", "STOPPED"), h.statesOf("a"));
            assertTrue(!NodeHarness.alive(running.pid()));
        }
    }

    @Test
    void neverStartedSaysNotStarted() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 30\nautostart=false\n")) {
            ProcessInfo i = h.info("a");
            assertEquals("STOPPED", i.statename());
            assertEquals("Not started", i.description());
            assertEquals(0, i.start());
        }
    }
}
