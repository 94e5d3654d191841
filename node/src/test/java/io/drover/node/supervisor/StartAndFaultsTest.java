package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.junit.jupiter.api.Test;

/** startProcess(wait) and the faults of the command protocol, with supervisord's texts. */
class StartAndFaultsTest {

    private static final Duration T = Duration.ofSeconds(8);

    @Test
    void startWithWaitAnswersOnceRunning() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 100\nstartsecs=1\nautostart=false\n")) {
            long t0 = System.nanoTime();
            assertEquals(ActionResult.DONE, h.<ActionResult>ok(to -> new NodeSupervisor.StartProcess("a", true, to)));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 950, "answered after " + ms + " ms");
            assertEquals("RUNNING", h.state("a"));
            assertEquals(new Fault(Fault.ALREADY_STARTED, "ALREADY_STARTED: a"),
                    h.<ActionResult>fault(to -> new NodeSupervisor.StartProcess("a", true, to)));
            assertEquals(new Fault(Fault.ALREADY_STARTED, "ALREADY_STARTED: a:a"),
                    h.<ActionResult>fault(to -> new NodeSupervisor.StartProcess("a:a", true, to)));
        }
    }

    @Test
    void startWithoutWaitAnswersAtOnceInStarting() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 100\nstartsecs=5\nautostart=false\n")) {
            assertEquals(ActionResult.DONE, h.<ActionResult>ok(to -> new NodeSupervisor.StartProcess("a", false, to)));
            assertEquals("STARTING", h.state("a"));
        }
    }

    @Test
    void startWithWaitOfAProcessThatDiesTooQuicklyIsSpawnError() throws Exception {
        try (NodeHarness h = NodeHarness.start(
                "[program:a]\ncommand=sh -c \"exit 1\"\nstartsecs=1\nautostart=false\nstartretries=0\n")) {
            assertEquals(new Fault(Fault.SPAWN_ERROR, "SPAWN_ERROR: a"),
                    h.<ActionResult>fault(to -> new NodeSupervisor.StartProcess("a", true, to)));
        }
    }

    @Test
    void startAllNamesEachSpawnErrorAsSupervisordsMakeNamespec() throws Exception {
        String quitter = "command=sh -c \"exit 1\"\nstartsecs=1\nautostart=false\nstartretries=0\n";
        try (NodeHarness h = NodeHarness.start("[program:a]\n" + quitter + "\n[program:b]\n" + quitter
                + "\n[group:g]\nprograms=b\n")) {
            List<ProcessResult> results = h.<List<ProcessResult>>ok(to -> new NodeSupervisor.StartAllProcesses(true,
                    to));
            assertEquals(java.util.Set.of(new ProcessResult("a", "a", Fault.SPAWN_ERROR, "SPAWN_ERROR: a"),
                            new ProcessResult("b", "g", Fault.SPAWN_ERROR, "SPAWN_ERROR: g:b")),
                    java.util.Set.copyOf(results));
        }
    }

    /**
     * supervisord's startAllProcesses lists what its first pass answered at once (a missing command, a start at
     * startsecs=0) before the calls it waited for, however fast those failed: supervisorctl's exit status is the
     * last result's (7 for the spawn error here, not 1 for the missing file).
     */
    @Test
    void startAllListsTheAnswersGivenAtOnceFirst() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=/bin/false\nstartsecs=1\nstartretries=0\n"
                + "autostart=false\n[program:b]\ncommand=/nonexistent/cmd\nautostart=false\n"
                + "[program:c]\ncommand=sleep 30\nstartsecs=0\nautostart=false\n")) {
            List<ProcessResult> results = h.<List<ProcessResult>>ok(to -> new NodeSupervisor.StartAllProcesses(true,
                    to));
            assertEquals(List.of(
                    new ProcessResult("b", "b", Fault.NO_FILE, "NO_FILE: can't find command '/nonexistent/cmd'"),
                    ProcessResult.ok("c", "c"),
                    new ProcessResult("a", "a", Fault.SPAWN_ERROR, "SPAWN_ERROR: a")), results);
        }
    }

    @Test
    void stoppedWhileTheCallerWaitsIsAbnormalTermination() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 100\nstartsecs=3\nautostart=false\n")) {
            CompletableFuture<Reply<ActionResult>> waiting = AskPattern.<NodeSupervisor.Command, Reply<ActionResult>>ask(
                    h.node, to -> new NodeSupervisor.StartProcess("a", true, to), Duration.ofSeconds(10),
                    h.kit.scheduler()).toCompletableFuture();
            h.awaitState("a", "STARTING", T);
            h.<ActionResult>ok(to -> new NodeSupervisor.StopProcess("a", true, to));
            assertEquals(Reply.fault(new Fault(Fault.ABNORMAL_TERMINATION, "ABNORMAL_TERMINATION: a")),
                    waiting.get());
        }
    }

    @Test
    void namesAndStatesAreChecked() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:a]\ncommand=sleep 100\nautostart=false\n"
                + "[program:x]\ncommand=/no/such/thing\nautostart=false\n"
                + "[program:d]\ncommand=/tmp\nautostart=false\n")) {
            assertEquals(new Fault(Fault.BAD_NAME, "BAD_NAME: nope"),
                    h.<ActionResult>fault(to -> new NodeSupervisor.StartProcess("nope", true, to)));
            assertEquals(new Fault(Fault.BAD_NAME, "BAD_NAME: a:nope"),
                    h.<ActionResult>fault(to -> new NodeSupervisor.StartProcess("a:nope", true, to)));
            assertEquals(new Fault(Fault.BAD_NAME, "BAD_NAME: a:*"),
                    h.<ProcessInfo>fault(to -> new NodeSupervisor.GetProcessInfo("a:*", to)));
            assertEquals(new Fault(Fault.NOT_RUNNING, "NOT_RUNNING: a"),
                    h.<ActionResult>fault(to -> new NodeSupervisor.StopProcess("a", true, to)));
            assertEquals(new Fault(Fault.NO_FILE, "NO_FILE: can't find command '/no/such/thing'"),
                    h.<ActionResult>fault(to -> new NodeSupervisor.StartProcess("x", true, to)));
            assertEquals(new Fault(Fault.NOT_EXECUTABLE, "NOT_EXECUTABLE: command at '/tmp' is a directory"),
                    h.<ActionResult>fault(to -> new NodeSupervisor.StartProcess("d", true, to)));
            assertEquals(new Fault(Fault.NOT_RUNNING, "NOT_RUNNING: a"),
                    h.<Boolean>fault(to -> new NodeSupervisor.SendProcessStdin("a", "x".getBytes(), to)));
            assertEquals(new Fault(Fault.BAD_NAME, "BAD_NAME: g"),
                    h.<List<ProcessResult>>fault(to -> new NodeSupervisor.StartProcessGroup("g", true, to)));
        }
    }

    @Test
    void groupCallsAnswerOneStructPerProcess() throws Exception {
        try (NodeHarness h = NodeHarness.start("[group:g]\nprograms=a,b\n"
                + "[program:a]\ncommand=sleep 100\nstartsecs=0\nautostart=false\n"
                + "[program:b]\ncommand=/no/such\nautostart=false\n")) {
            List<ProcessResult> rs = h.ok(to -> new NodeSupervisor.StartProcessGroup("g", true, to));
            assertEquals(2, rs.size(), rs.toString());
            assertTrue(rs.contains(new ProcessResult("a", "g", 80, "OK")), rs.toString());
            assertTrue(rs.contains(new ProcessResult("b", "g", 20, "NO_FILE: can't find command '/no/such'")),
                    rs.toString());
            ActionResult viaStar = h.ok(to -> new NodeSupervisor.StopProcess("g:*", true, to));
            assertEquals(new ActionResult.PerProcess(List.of(new ProcessResult("a", "g", 80, "OK"))), viaStar);
            assertEquals("STOPPED", h.state("g:a"));
            List<ProcessInfo> all = h.ok(NodeSupervisor.GetAllProcessInfo::new);
            assertEquals(List.of("g:a", "g:b"), all.stream().map(ProcessInfo::qualifiedName).toList());
        }
    }

    @Test
    void stdinReachesTheChild() throws Exception {
        try (NodeHarness h = NodeHarness.start("[program:cat]\ncommand=cat\nstartsecs=0\n"
                + "stdout_logfile=%(here)s/cat.log\n")) {
            h.awaitState("cat", "RUNNING", T);
            assertEquals(true, h.<Boolean>ok(to -> new NodeSupervisor.SendProcessStdin("cat", "hello\n".getBytes(), to)));
            java.nio.file.Path log = h.dir.resolve("cat.log");
            Eventually.await(T, "echoed", () -> {
                try {
                    return java.nio.file.Files.readString(log).equals("hello\n");
                } catch (java.io.IOException e) {
                    return false;
                }
            });
            LogPaths paths = h.ok(to -> new NodeSupervisor.GetLogPaths("cat", to));
            assertEquals(java.util.Optional.of(log), paths.stdout());
        }
    }
}
