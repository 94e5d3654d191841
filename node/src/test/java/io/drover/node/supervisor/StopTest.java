package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.config.ConfigLoader;
import io.drover.node.process.ProcessState;
import io.drover.node.testing.Eventually;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** stopsignal, stopwaitsecs → SIGKILL, stopasgroup / killasgroup, signalProcess. */
class StopTest {

    private static final Duration T = Duration.ofSeconds(8);

    @Test
    void stopasgroupKillsGrandchildren() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sh -c \"sleep 100 & sleep 100 & wait\"\n"
                + "startsecs=0\nstopasgroup=true\n")) {
            h.awaitState("a", "RUNNING", T);
            int pid = h.info("a").pid();
            Eventually.await(T, "two grandchildren", () -> children(pid).size() == 2);
            List<Integer> grandchildren = children(pid);
            h.<ActionResult>ok(to -> new NodeSupervisor.StopProcess("a", true, to));
            assertEquals("STOPPED", h.state("a"));
            Eventually.await(T, "grandchildren gone", () -> grandchildren.stream().noneMatch(NodeHarness::alive));
            h.awaitLog("DEBG killing a (pid " + pid + ") process group with signal SIGTERM");
            // supervisord's SIGCHLD handler logs right after the reap's line
            h.awaitLog("DEBG received SIGCHLD indicating a child quit");
            String log = h.mainLogText();
            String after = log.substring(log.indexOf("WARN stopped: a (terminated by SIGTERM)\n"));
            assertTrue(after.lines().skip(1).findFirst().orElse("")
                    .endsWith(" DEBG received SIGCHLD indicating a child quit"), log);
        }
    }

    @Test
    void theEmbeddedDefaultsDemoLeavesNoGrandchildWhenStopped() throws Exception {
        // README's first command runs this demo; Ctrl-C there must not orphan the shell's sleep.
        String conf;
        try (var in = ConfigLoader.class.getResourceAsStream("default-supervisord.conf")) {
            conf = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String demo = conf.substring(conf.indexOf("[program:demo]"));
        try (NodeHarness h = NodeHarness.start(demo)) {
            h.awaitState("demo", "RUNNING", T);
            int pid = h.info("demo").pid();
            Eventually.await(T, "the demo's sleep", () -> children(pid).size() == 1);
            int sleep = children(pid).get(0);
            try {
                h.<ActionResult>ok(to -> new NodeSupervisor.StopProcess("demo", true, to));
                // The sleep has seconds left: only a signal to the group ends it this soon.
                Eventually.await(Duration.ofSeconds(1), "the demo's sleep gone",
                        () -> !NodeHarness.alive(sleep));
            } finally {
                NodeHarness.kill(sleep);
            }
        }
    }

    @Test
    void withoutStopasgroupOnlyTheChildIsSignalled() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sh -c \"sleep 100 & wait\"\nstartsecs=0\n")) {
            h.awaitState("a", "RUNNING", T);
            int pid = h.info("a").pid();
            Eventually.await(T, "a grandchild", () -> children(pid).size() == 1);
            int grandchild = children(pid).get(0);
            try {
                h.<ActionResult>ok(to -> new NodeSupervisor.StopProcess("a", true, to));
                assertFalse(NodeHarness.alive(pid));
                assertTrue(NodeHarness.alive(grandchild), "supervisord signals only the child's pid");
            } finally {
                NodeHarness.kill(grandchild);
            }
        }
    }

    @Test
    void aChildIgnoringTermIsKilledAfterStopwaitsecs() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sh -c \"trap '' TERM; sleep 100 & wait\"\n"
                + "startsecs=0\nstopwaitsecs=1\nkillasgroup=true\n")) {
            h.awaitState("a", "RUNNING", T);
            int pid = h.info("a").pid();
            Eventually.await(T, "a grandchild", () -> children(pid).size() == 1);
            int grandchild = children(pid).get(0);
            long t0 = System.nanoTime();
            h.<ActionResult>ok(to -> new NodeSupervisor.StopProcess("a", true, to));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 900 && ms < 3000, "stop took " + ms + " ms");
            ProcessInfo i = h.info("a");
            assertEquals("STOPPED", i.statename());
            assertEquals(-1, i.exitstatus());
            h.awaitLog("WARN killing 'a' (" + pid + ") with SIGKILL");
            h.awaitLog("WARN stopped: a (terminated by SIGKILL)");
            Eventually.await(T, "grandchild killed with the group", () -> !NodeHarness.alive(grandchild));
        }
    }

    @Test
    void stopsignalIsUsed() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 100\nstartsecs=0\nstopsignal=INT\n")) {
            h.awaitState("a", "RUNNING", T);
            h.<ActionResult>ok(to -> new NodeSupervisor.StopProcess("a", true, to));
            h.awaitLog("stopped: a (terminated by SIGINT)");
        }
    }

    @Test
    void signalProcessDeliversByNameOrNumber() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 100\nstartsecs=0\nautorestart=false\n"
                + "[program:b]\ncommand=sleep 100\nstartsecs=0\nautorestart=false\n")) {
            h.awaitState("a", "RUNNING", T);
            h.awaitState("b", "RUNNING", T);
            // Python's signal module lists SIG_DFL (0) among the SIG* names supervisord accepts: a liveness probe.
            int aPid = h.info("a").pid();
            assertEquals(ActionResult.DONE, h.<ActionResult>ok(to -> new NodeSupervisor.SignalProcess("a", "0", to)));
            assertEquals(ActionResult.DONE, h.<ActionResult>ok(to -> new NodeSupervisor.SignalProcess("a", "_DFL", to)));
            assertEquals("RUNNING", h.state("a"));
            assertEquals(aPid, h.info("a").pid());
            assertEquals(ActionResult.DONE, h.<ActionResult>ok(to -> new NodeSupervisor.SignalProcess("a", "USR1", to)));
            assertEquals(ActionResult.DONE, h.<ActionResult>ok(to -> new NodeSupervisor.SignalProcess("b", "10", to)));
            h.awaitState("a", "EXITED", T);
            h.awaitState("b", "EXITED", T);
            h.awaitLog("exited: a (terminated by SIGUSR1; not expected)");
            h.awaitLog("exited: b (terminated by SIGUSR1; not expected)");
            assertEquals(new Fault(Fault.BAD_SIGNAL, "BAD_SIGNAL: FOO"),
                    h.<ActionResult>fault(to -> new NodeSupervisor.SignalProcess("a", "FOO", to)));
            assertEquals(new Fault(Fault.NOT_RUNNING, "NOT_RUNNING: a"),
                    h.<ActionResult>fault(to -> new NodeSupervisor.SignalProcess("a", "HUP", to)));
            assertEquals(new Fault(Fault.BAD_NAME, "BAD_NAME: nope"),
                    h.<ActionResult>fault(to -> new NodeSupervisor.SignalProcess("nope", "FOO", to)));
        }
    }

    /** The direct children of {@code pid}. */
    static List<Integer> children(int pid) {
        List<Integer> out = new ArrayList<>();
        try {
            String s = Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children")).trim();
            if (!s.isEmpty()) {
                for (String p : s.split("\\s+")) {
                    out.add(Integer.parseInt(p));
                }
            }
        } catch (IOException e) {
            // gone
        }
        return out;
    }

    @Test
    void stopProcessGroupAlsoStopsProcessesCaughtBetweenExitAndAutorestart() throws Exception {
        // 20 programs exiting every 30 ms and restarted at once: some are always between their EXITED and the
        // autorestart's STARTING when the stop arrives. Each round must leave all of them STOPPED for good.
        try (NodeHarness h = NodeHarness.start("[program:c]\ncommand=sleep 0.03\nnumprocs=20\n"
                + "process_name=%(program_name)s_%(process_num)d\nstartsecs=0\nautorestart=true\n")) {
            for (int round = 0; round < 5; round++) {
                Eventually.await(T, "churning", () -> h.transitions.stream()
                        .filter(s -> s.state() == ProcessState.EXITED).count() > 40);
                List<ProcessResult> rs = h.ok(to -> new NodeSupervisor.StopProcessGroup("c", true, to));
                assertTrue(rs.stream().allMatch(r -> r.status() == 80), rs.toString());
                Eventually.await(T, "round " + round + ": every process STOPPED", () -> {
                    List<ProcessInfo> all = h.ok(NodeSupervisor.GetAllProcessInfo::new);
                    return all.stream().allMatch(p -> p.statename().equals("STOPPED"));
                });
                h.transitions.clear();
                h.<List<ProcessResult>>ok(to -> new NodeSupervisor.StartProcessGroup("c", false, to));
            }
        }
    }
}
