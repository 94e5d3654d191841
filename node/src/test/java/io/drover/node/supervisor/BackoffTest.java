package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.process.ProcessStatus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** startretries / backoff / FATAL, spawn errors, and stopping a process in BACKOFF. */
class BackoffTest {

    @Test
    void startretriesMeansNPlusOneAttemptsWithGrowingDelays() throws Exception {
        try (NodeHarness h = NodeHarness.start(
                "[program:a]\ncommand=sh -c \"exit 1\"\nstartsecs=1\nstartretries=2\n")) {
            h.awaitState("a", "FATAL", Duration.ofSeconds(10));
            assertEquals(List.of("STARTING", "BACKOFF", "STARTING", "BACKOFF", "STARTING", "BACKOFF", "FATAL"),
                    h.statesOf("a"));
            List<Long> starts = h.transitions.stream()
                    .filter(s -> s.state().name().equals("STARTING"))
                    .map(ProcessStatus::startMillis).toList();
            long first = starts.get(1) - starts.get(0);
            long second = starts.get(2) - starts.get(1);
            assertTrue(first >= 950 && first < 2500, "1st retry after ~1 s, was " + first);
            assertTrue(second >= 1950 && second < 3500, "2nd retry after ~2 s, was " + second);
            ProcessInfo i = h.info("a");
            assertEquals("Exited too quickly (process log may have details)", i.spawnerr());
            assertEquals(i.spawnerr(), i.description());
            h.awaitLog("WARN exited: a (exit status 1; not expected)");
            h.awaitLog("INFO gave up: a entered FATAL state, too many start retries too quickly");
        }
    }

    @Test
    void aMissingCommandCountsAsFailedAttempts() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=/nonexistent/cmd\nstartretries=0\n")) {
            h.awaitState("a", "FATAL", Duration.ofSeconds(5));
            assertEquals(List.of("STARTING", "BACKOFF", "FATAL"), h.statesOf("a"));
            assertEquals("can't find command '/nonexistent/cmd'", h.info("a").description());
            h.awaitLog("INFO spawnerr: can't find command '/nonexistent/cmd'");
            Fault f = h.<ActionResult>fault(to -> new NodeSupervisor.StartProcess("a", true, to));
            assertEquals(new Fault(Fault.NO_FILE, "NO_FILE: can't find command '/nonexistent/cmd'"), f);
            assertEquals("FATAL", h.state("a"), "a refused start leaves the state alone");
        }
    }

    @Test
    void stoppingAProcessInBackoffLeavesItStopped() throws Exception {
        try (NodeHarness h = NodeHarness.start(
                "[program:a]\ncommand=sh -c \"exit 1\"\nstartsecs=1\nstartretries=5\n")) {
            h.awaitState("a", "BACKOFF", Duration.ofSeconds(5));
            assertEquals(ActionResult.DONE, h.<ActionResult>ok(to -> new NodeSupervisor.StopProcess("a", true, to)));
            assertEquals("STOPPED", h.state("a"));
            h.awaitLog("DEBG Attempted to kill a, which is in BACKOFF state.");
        }
    }

    @Test
    void aFatalOrExitedProcessCanBeStartedAgain() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:f]\ncommand=sh -c \"exit 1\"\nstartsecs=1\nstartretries=0\n"
                + "[program:e]\ncommand=sh -c \"sleep 0.2\"\nstartsecs=0\nautorestart=false\n")) {
            h.awaitState("f", "FATAL", Duration.ofSeconds(5));
            h.awaitState("e", "EXITED", Duration.ofSeconds(5));
            assertEquals(ActionResult.DONE, h.<ActionResult>ok(to -> new NodeSupervisor.StartProcess("f", false, to)));
            assertEquals(ActionResult.DONE, h.<ActionResult>ok(to -> new NodeSupervisor.StartProcess("e", false, to)));
            assertEquals(List.of("STARTING", "BACKOFF", "FATAL", "STARTING"), h.statesOf("f").subList(0, 4));
            assertEquals(List.of("STARTING", "RUNNING", "EXITED", "STARTING"), h.statesOf("e").subList(0, 4));
        }
    }
}
