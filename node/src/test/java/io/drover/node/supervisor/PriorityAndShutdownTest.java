package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.process.ProcessState;
import io.drover.node.process.ProcessStatus;
import io.drover.node.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/** Start order, shutdown order, stopAllProcesses in one pass, restart, SHUTDOWN_STATE. */
class PriorityAndShutdownTest {

    private static final Duration T = Duration.ofSeconds(10);
    private static final String THREE = "[program:c]\ncommand=sh -c \"trap '' TERM; sleep 100 & wait\"\npriority=300\n"
            + "startsecs=0\nstopwaitsecs=1\nkillasgroup=true\n"
            + "[program:a]\ncommand=sleep 100\npriority=100\nstartsecs=0\n"
            + "[program:b]\ncommand=sleep 100\npriority=200\nstartsecs=0\n";

    @Test
    void startsAscendingAndShutsDownDescendingOneGroupAtATime() throws Exception {
        try (NodeHarness h = NodeHarness.start(THREE)) {
            for (String p : List.of("a", "b", "c")) {
                h.awaitState(p, "RUNNING", T);
            }
            // c's shell has set its TERM trap once its sleep runs.
            int cPid = h.info("c").pid();
            Eventually.await(T, "c's trap set", () -> StopTest.children(cPid).size() == 1);
            String log = h.mainLogText();
            assertTrue(log.indexOf("spawned: 'a'") < log.indexOf("spawned: 'b'")
                    && log.indexOf("spawned: 'b'") < log.indexOf("spawned: 'c'"), log);
            Set<Integer> pids = Set.of(h.info("a").pid(), h.info("b").pid(), h.info("c").pid());

            assertEquals(true, h.<Boolean>ok(NodeSupervisor.Shutdown::new));
            assertEquals(new Fault(Fault.SHUTDOWN_STATE, "SHUTDOWN_STATE"),
                    h.<ProcessInfo>fault(to -> new NodeSupervisor.GetProcessInfo("a", to)));
            TestProbe<Object> probe = h.kit.createTestProbe();
            probe.expectTerminated(h.node, T);

            log = h.mainLogText();
            int c = log.indexOf("stopped: c (terminated by SIGKILL)");
            int b = log.indexOf("stopped: b (terminated by SIGTERM)");
            int a = log.indexOf("stopped: a (terminated by SIGTERM)");
            assertTrue(c >= 0 && c < b && b < a, log);
            assertTrue(log.contains("INFO waiting for a, b, c to die"), log);
            for (int pid : pids) {
                assertFalse(NodeHarness.alive(pid), "pid " + pid + " left behind");
            }
        }
    }

    @Test
    void equalPrioritiesStopAsSupervisordDoes() throws Exception {
        // supervisord 4.2.5 on this config (loglevel=debug, its "killing X" lines) kills zeta, multi_2, multi_1,
        // multi_0, m2, m1, alpha: groups in descending name order, each group's processes in reverse order.
        String conf = "[program:zeta]\ncommand=sleep 100\nstartsecs=0\n[program:alpha]\ncommand=sleep 100\n"
                + "startsecs=0\n[group:grp]\nprograms=m1,m2\n[program:m2]\ncommand=sleep 100\nstartsecs=0\n"
                + "[program:m1]\ncommand=sleep 100\nstartsecs=0\n[program:multi]\ncommand=sleep 100\nstartsecs=0\n"
                + "numprocs=3\nprocess_name=%(program_name)s_%(process_num)d\n";
        List<String> all = List.of("alpha", "m1", "m2", "multi_0", "multi_1", "multi_2", "zeta");
        try (NodeHarness h = NodeHarness.start(conf)) {
            Eventually.await(T, "all RUNNING", () -> h.transitions.stream()
                    .filter(s -> s.state() == ProcessState.RUNNING).count() == all.size());
            assertEquals(all, h.transitions.stream().filter(s -> s.state() == ProcessState.STARTING)
                    .map(ProcessStatus::name).toList());
            assertEquals(true, h.<Boolean>ok(NodeSupervisor.Shutdown::new));
            h.kit.createTestProbe().expectTerminated(h.node, T);
            assertEquals(List.of("zeta", "multi_2", "multi_1", "multi_0", "m2", "m1", "alpha"),
                    h.transitions.stream().filter(s -> s.state() == ProcessState.STOPPING)
                            .map(ProcessStatus::name).toList());
        }
    }

    @Test
    void stopAllLogsEveryWaitingLineInOrderBeforeAnyStoppedLine() throws Exception {
        // supervisord signals the whole pass, then polls each waiting stop once, in priority order.
        String conf = "[program:b]\ncommand=sleep 100\nstartsecs=0\npriority=2\n"
                + "[program:a]\ncommand=sleep 100\nstartsecs=0\npriority=1\n"
                + "[program:c]\ncommand=sleep 100\nstartsecs=0\npriority=3\n";
        try (NodeHarness h = NodeHarness.start(conf)) {
            for (String p : List.of("a", "b", "c")) {
                h.awaitState(p, "RUNNING", T);
            }
            h.<List<ProcessResult>>ok(to -> new NodeSupervisor.StopAllProcesses(true, to));
            List<String> lines = h.mainLogText().lines().map(l -> l.replaceFirst("^\\S+ \\S+ ", ""))
                    .filter(l -> l.startsWith("INFO waiting for") || l.startsWith("WARN stopped:")).toList();
            assertEquals(List.of("INFO waiting for a to stop", "INFO waiting for b to stop",
                    "INFO waiting for c to stop"), lines.subList(0, 3), String.join("\n", lines));
            assertEquals(6, lines.size(), String.join("\n", lines));
        }
    }

    @Test
    void theAutostartPassSpawnsInConfigOrderThenSettlesInTheSameOrder() throws Exception {
        // supervisord 4.2.5 logs exactly these lines for this file: its tick spawns every process (a [group:x] in
        // programs= order, not by priority), and its next tick reports success and gives up, in the same order.
        String conf = "[program:b]\ncommand=sleep 100\nstartsecs=0\n"
                + "[program:a]\ncommand=/nonexistent/cmd\nstartretries=0\n"
                + "[program:c]\ncommand=/tmp\nstartretries=0\n"
                + "[group:g]\nprograms=zz,aa\n"
                + "[program:zz]\ncommand=sleep 100\npriority=50\nstartsecs=0\n"
                + "[program:aa]\ncommand=sleep 100\npriority=10\nstartsecs=0\n";
        try (NodeHarness h = NodeHarness.start(conf)) {
            for (String p : List.of("b", "g:zz", "g:aa")) {
                h.awaitState(p, "RUNNING", T);
            }
            h.awaitState("a", "FATAL", T);
            h.awaitState("c", "FATAL", T);
            h.awaitLog("INFO success: aa entered RUNNING"); // the state is published just before its line
            List<String> lines = h.mainLogText().lines()
                    .map(l -> l.replaceFirst("^\\S+ \\S+ ", "").replaceAll("with pid \\d+", "with pid N"))
                    .filter(l -> l.matches("INFO (spawned|spawnerr|success|gave up): .*")).toList();
            assertEquals(List.of(
                    "INFO spawnerr: can't find command '/nonexistent/cmd'",
                    "INFO spawned: 'b' with pid N",
                    "INFO spawnerr: command at '/tmp' is a directory",
                    "INFO spawned: 'zz' with pid N",
                    "INFO spawned: 'aa' with pid N",
                    "INFO gave up: a entered FATAL state, too many start retries too quickly",
                    "INFO success: b entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
                    "INFO gave up: c entered FATAL state, too many start retries too quickly",
                    "INFO success: zz entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
                    "INFO success: aa entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)"),
                    lines);
        }
    }

    @Test
    void aGroupsShutdownPassSignalsEveryProcessBeforeAnyIsReportedStopped() throws Exception {
        // supervisord's stop_all signals the whole group in one go and reaps on a later tick: every STOPPING
        // event (and 'killing' line) of the group comes before its first STOPPED, however fast the children die.
        String conf = "[program:multi]\ncommand=sleep 100\nstartsecs=0\nnumprocs=4\n"
                + "process_name=%(program_name)s_%(process_num)d\n";
        try (NodeHarness h = NodeHarness.start(conf)) {
            Eventually.await(T, "all RUNNING", () -> h.transitions.stream()
                    .filter(s -> s.state() == ProcessState.RUNNING).count() == 4);
            assertEquals(true, h.<Boolean>ok(NodeSupervisor.Shutdown::new));
            h.kit.createTestProbe().expectTerminated(h.node, T);
            List<ProcessState> tail = h.transitions.stream()
                    .filter(s -> s.state() == ProcessState.STOPPING || s.state() == ProcessState.STOPPED)
                    .map(ProcessStatus::state).toList();
            assertEquals(List.of(ProcessState.STOPPING, ProcessState.STOPPING, ProcessState.STOPPING,
                    ProcessState.STOPPING, ProcessState.STOPPED, ProcessState.STOPPED, ProcessState.STOPPED,
                    ProcessState.STOPPED), tail);
            String log = h.mainLogText();
            assertTrue(log.lastIndexOf("DEBG killing multi_") < log.indexOf("stopped: multi_"), log);
        }
    }

    @Test
    void stopAllProcessesSignalsEverythingInOnePass() throws Exception {
        try (NodeHarness h = NodeHarness.start(THREE)) {
            for (String p : List.of("a", "b", "c")) {
                h.awaitState(p, "RUNNING", T);
            }
            // c's shell has set its TERM trap once its sleep runs.
            int cPid = h.info("c").pid();
            Eventually.await(T, "c's trap set", () -> StopTest.children(cPid).size() == 1);
            List<ProcessResult> rs = h.ok(to -> new NodeSupervisor.StopAllProcesses(true, to));
            assertEquals(3, rs.size());
            String log = h.mainLogText();
            // c ignores TERM and is killed after 1 s; a and b did not wait for it.
            assertTrue(log.indexOf("stopped: a") < log.indexOf("stopped: c"), log);
            assertTrue(log.indexOf("stopped: b") < log.indexOf("stopped: c"), log);
            assertEquals(List.of("c", "b", "a").size(), rs.stream().filter(r -> r.status() == 80).count());
        }
    }

    @Test
    void aNodeWithoutProgramsShutsDownAndRestarts() throws Exception {
        // Debian's stock supervisord.conf has no program until conf.d gets one.
        try (NodeHarness h = NodeHarness.start("")) {
            h.node.tell(new NodeSupervisor.DaemonSignal(1));
            h.awaitLog("WARN received SIGHUP indicating restart request");
            Eventually.await(T, "running again", () -> {
                Reply<SupervisorState> r = h.ask(NodeSupervisor.GetState::new);
                return r instanceof Reply.Success<SupervisorState> st && st.value() == SupervisorState.RUNNING;
            });
            NodeHarness.write(h.conf, h.dir, "[program:n]\ncommand=sleep 100\nstartsecs=0\n");
            h.node.tell(new NodeSupervisor.DaemonSignal(1));
            Eventually.await(T, "n running", () -> {
                Reply<ProcessInfo> r = h.ask(to -> new NodeSupervisor.GetProcessInfo("n", to));
                return r instanceof Reply.Success<ProcessInfo> s && s.value().statename().equals("RUNNING");
            });
            h.node.tell(new NodeSupervisor.DaemonSignal(15));
            h.kit.createTestProbe().expectTerminated(h.node, T);

            try (NodeHarness empty = NodeHarness.start("")) {
                empty.node.tell(new NodeSupervisor.DaemonSignal(15));
                empty.kit.createTestProbe().expectTerminated(empty.node, T);
            }
        }
    }

    @Test
    void restartKeepsTheNodeAndStartsAnewFromTheFileOnDisk() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 100\nstartsecs=0\n")) {
            h.awaitState("a", "RUNNING", T);
            int before = h.info("a").pid();
            NodeHarness.write(h.conf, h.dir, "[program:a]\ncommand=sleep 100\nstartsecs=0\n"
                    + "[program:n]\ncommand=sleep 100\nstartsecs=0\n");
            h.node.tell(new NodeSupervisor.DaemonSignal(1));
            Eventually.await(T, "restarted", () -> {
                Reply<ProcessInfo> r = h.ask(to -> new NodeSupervisor.GetProcessInfo("n", to));
                return r instanceof Reply.Success<ProcessInfo> s && s.value().statename().equals("RUNNING");
            });
            h.awaitState("a", "RUNNING", T);
            assertNotEquals(before, h.info("a").pid());
            assertFalse(NodeHarness.alive(before));
            h.awaitLog("WARN received SIGHUP indicating restart request");
        }
    }

    @Test
    void reloadConfigReportsTheDiffAndAddRemoveApplyIt() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:keep]\ncommand=sleep 100\nstartsecs=0\n"
                + "[program:change]\ncommand=sleep 100\nstartsecs=0\n"
                + "[program:gone]\ncommand=sleep 100\nstartsecs=0\n")) {
            h.awaitState("gone", "RUNNING", T);
            NodeHarness.write(h.conf, h.dir, "[program:keep]\ncommand=sleep 100\nstartsecs=0\n"
                    + "[program:change]\ncommand=sleep 200\nstartsecs=0\n"
                    + "[program:new]\ncommand=sleep 100\nstartsecs=0\n");
            ConfigChanges d = h.ok(NodeSupervisor.ReloadConfig::new);
            assertEquals(new ConfigChanges(List.of("new"), List.of("change"), List.of("gone")), d);
            assertEquals("RUNNING", h.state("gone"), "reloadConfig changes nothing by itself");

            assertEquals(new Fault(Fault.STILL_RUNNING, "STILL_RUNNING: gone"),
                    h.<Boolean>fault(to -> new NodeSupervisor.RemoveProcessGroup("gone", to)));
            h.<ActionResult>ok(to -> new NodeSupervisor.StopProcess("gone", true, to));
            assertEquals(true, h.<Boolean>ok(to -> new NodeSupervisor.RemoveProcessGroup("gone", to)));
            assertEquals(new Fault(Fault.BAD_NAME, "BAD_NAME: gone"),
                    h.<ProcessInfo>fault(to -> new NodeSupervisor.GetProcessInfo("gone", to)));

            assertEquals(true, h.<Boolean>ok(to -> new NodeSupervisor.AddProcessGroup("new", to)));
            h.awaitState("new", "RUNNING", T);
            assertEquals(new Fault(Fault.ALREADY_ADDED, "ALREADY_ADDED: new"),
                    h.<Boolean>fault(to -> new NodeSupervisor.AddProcessGroup("new", to)));
            assertEquals(new Fault(Fault.BAD_NAME, "BAD_NAME: nope"),
                    h.<Boolean>fault(to -> new NodeSupervisor.AddProcessGroup("nope", to)));

            List<ConfigInfo> infos = h.ok(NodeSupervisor.GetAllConfigInfo::new);
            assertEquals(List.of("change", "keep", "new"), infos.stream().map(i -> i.spec().name()).toList());
            assertTrue(infos.stream().allMatch(ConfigInfo::inuse));
        }
    }

    /**
     * supervisord spawns an added group on its next tick, before it reads the client's next request: after
     * {@code update} adds two groups, the first one's lines all come before the second one's.
     */
    @Test
    void addProcessGroupAnswersOnceTheGroupHasStarted() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:keep]\ncommand=sleep 100\nstartsecs=0\n")) {
            h.awaitState("keep", "RUNNING", T);
            NodeHarness.write(h.conf, h.dir, "[program:keep]\ncommand=sleep 100\nstartsecs=0\n"
                    + "[program:one]\ncommand=sleep 100\nstartsecs=0\nnumprocs=3\nprocess_name=one_%(process_num)d\n"
                    + "[program:slow]\ncommand=sleep 100\nstartsecs=5\n"
                    + "[program:off]\ncommand=sleep 100\nautostart=false\n");
            h.ok(NodeSupervisor.ReloadConfig::new);
            assertEquals(true, h.<Boolean>ok(to -> new NodeSupervisor.AddProcessGroup("one", to)));
            for (int i = 0; i < 3; i++) {
                assertEquals("RUNNING", h.state("one:one_" + i));
                assertTrue(h.mainLogText().contains("INFO success: one_" + i + " entered RUNNING state"));
            }
            long started = System.nanoTime();
            assertEquals(true, h.<Boolean>ok(to -> new NodeSupervisor.AddProcessGroup("slow", to)));
            assertEquals("STARTING", h.state("slow"), "the answer does not wait for startsecs");
            assertTrue(System.nanoTime() - started < 4_000_000_000L);
            assertEquals(true, h.<Boolean>ok(to -> new NodeSupervisor.AddProcessGroup("off", to)));
            assertEquals("STOPPED", h.state("off"));
        }
    }

    @Test
    void aBadFileOnReloadIsCantReread() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 100\nautostart=false\n")) {
            NodeHarness.write(h.conf, h.dir, "[program:a]\nautorestart=sometimes\ncommand=sleep 1\n");
            Fault f = h.fault(NodeSupervisor.ReloadConfig::new);
            assertEquals(Fault.CANT_REREAD, f.code());
            assertTrue(f.text().startsWith("CANT_REREAD: invalid 'autorestart' value 'sometimes'"), f.text());
            assertEquals("STOPPED", h.state("a"));
        }
    }
}
