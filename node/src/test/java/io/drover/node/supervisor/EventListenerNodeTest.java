package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.events.Recorded;
import io.drover.node.process.ProcessState;
import io.drover.node.process.ProcessStatus;
import io.drover.node.testing.Eventually;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** [eventlistener:x] end to end: the NodeSupervisor, real ProcessActors, the OS layer and a python listener. */
class EventListenerNodeTest {

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(EventListenerNodeTest.class.getResource("/listeners/" + name).toURI());
    }

    private static List<Recorded> awaitRecords(Path file, int n) {
        Eventually.await(Duration.ofSeconds(15), n + " events at the listener",
                () -> Recorded.read(file).size() >= n);
        return Recorded.read(file);
    }

    @Test
    void startupEventsAreBufferedUntilTheListenerRunsThenStateChangesFlow() throws Exception {
        Path records = Files.createTempFile("drover-listener", ".log");
        try (NodeHarness h = NodeHarness.start("[eventlistener:watch]\ncommand=python3 " + resource("recorder.py")
                + " " + records + " ok\nevents=PROCESS_STATE,SUPERVISOR_STATE_CHANGE,PROCESS_GROUP\n"
                + "buffer_size=20\n\n[program:app]\ncommand=sh -c \"sleep 0.5; exit 3\"\nstartsecs=0\n"
                + "autorestart=false\n")) {
            h.awaitState("app", "EXITED");
            h.awaitState("watch", "RUNNING");
            List<Recorded> r = awaitRecords(records, 8);
            List<String> names = r.stream().map(Recorded::eventName).toList();
            assertEquals(List.of("PROCESS_GROUP_ADDED", "PROCESS_GROUP_ADDED", "SUPERVISOR_STATE_CHANGE_RUNNING"),
                    names.subList(0, 3), names.toString());
            for (int i = 0; i < r.size(); i++) {
                assertEquals(i, r.get(i).serial(), "serials count from 0 in order: " + r);
                assertEquals(i, r.get(i).poolSerial());
            }
            int appPid = h.transitions.stream().filter(s -> s.name().equals("app")
                    && s.state() == ProcessState.RUNNING).findFirst().orElseThrow().pid();
            assertTrue(appPid > 0);
            int watchPid = h.info("watch").pid();
            // the sequence supervisord 4.2.5 sends for this config (recorded with the same listener)
            List<String> expected = List.of(
                    "PROCESS_GROUP_ADDED groupname:watch\n",
                    "PROCESS_GROUP_ADDED groupname:app\n",
                    "SUPERVISOR_STATE_CHANGE_RUNNING ",
                    "PROCESS_STATE_STARTING processname:watch groupname:watch from_state:STOPPED tries:0",
                    "PROCESS_STATE_STARTING processname:app groupname:app from_state:STOPPED tries:0",
                    "PROCESS_STATE_RUNNING processname:app groupname:app from_state:STARTING pid:" + appPid,
                    "PROCESS_STATE_EXITED processname:app groupname:app from_state:RUNNING expected:0 pid:" + appPid,
                    "PROCESS_STATE_RUNNING processname:watch groupname:watch from_state:STARTING pid:" + watchPid);
            assertEquals(expected, r.subList(0, 8).stream().map(x -> x.eventName() + " " + x.payload()).toList());
            Recorded exited = r.stream().filter(x -> x.eventName().equals("PROCESS_STATE_EXITED")
                    && x.payload().startsWith("processname:app ")).findFirst().orElseThrow();
            assertEquals("processname:app groupname:app from_state:RUNNING expected:0 pid:" + appPid,
                    exited.payload());
            assertTrue(r.stream().anyMatch(x -> x.payload().equals(
                    "processname:app groupname:app from_state:STARTING pid:" + appPid)), r.toString());
            assertTrue(r.stream().anyMatch(x -> x.payload().equals(
                    "processname:app groupname:app from_state:STOPPED tries:0")), r.toString());
            assertTrue(r.stream().anyMatch(x -> x.payload().equals(
                    "processname:watch groupname:watch from_state:STOPPED tries:0")), r.toString());
            assertEquals("ver:3.0 server:supervisor serial:2 pool:watch poolserial:2 "
                    + "eventname:SUPERVISOR_STATE_CHANGE_RUNNING len:0", r.get(2).header());
            // the protocol channel is still written to the listener's stdout log, as supervisord does
            String stdoutLog = h.info("watch").stdoutLogfile();
            assertTrue(Files.readString(Path.of(stdoutLog)).startsWith("READY\n"), stdoutLog);
            assertFalse(h.mainLogText().contains("UNKNOWN state"), h.mainLogText());
        } finally {
            Files.deleteIfExists(records);
        }
    }

    @Test
    void aListenerThatCrashesHoldingAnEventGetsItAgainAfterItsRestart() throws Exception {
        Path records = Files.createTempFile("drover-listener", ".log");
        Path state = Files.createTempFile("drover-listener", ".state");
        Files.delete(state);
        try (NodeHarness h = NodeHarness.start("[eventlistener:watch]\ncommand=python3 " + resource("recorder.py")
                + " " + records + " crash-once " + state + "\nevents=REMOTE_COMMUNICATION\nstartsecs=0\n"
                + "autorestart=true\n")) {
            h.awaitState("watch", "RUNNING");
            int firstPid = h.info("watch").pid();
            h.<Boolean>ok(r -> new NodeSupervisor.SendRemoteCommEvent("deploy", "v2", r));
            List<Recorded> r = awaitRecords(records, 2);
            assertEquals(r.get(0).header(), r.get(1).header(), "the same event, same serials: " + r);
            assertEquals("type:deploy\nv2", r.get(1).payload());
            assertTrue(r.get(0).pid() == firstPid && r.get(1).pid() != firstPid, r.toString());
            assertTrue(h.mainLogText().contains("exited: watch (exit status 3; not expected)"), h.mainLogText());
        } finally {
            Files.deleteIfExists(records);
            Files.deleteIfExists(state);
        }
    }

    /**
     * supervisord's reloadConfig copies [supervisord] into its options at once: events sent after a reread that read
     * a new identifier name it in {@code server:}, and the node's table offers the read settings to the HTTP side.
     */
    @Test
    void aRereadRenamesTheServerInEventHeaders() throws Exception {
        Path records = Files.createTempFile("drover-listener", ".log");
        try (NodeHarness h = NodeHarness.start("[eventlistener:watch]\ncommand=python3 " + resource("recorder.py")
                + " " + records + " ok\nevents=REMOTE_COMMUNICATION\nstartsecs=0\n")) {
            h.awaitState("watch", "RUNNING");
            h.<Boolean>ok(r -> new NodeSupervisor.SendRemoteCommEvent("one", "1", r));
            assertTrue(awaitRecords(records, 1).get(0).header().startsWith("ver:3.0 server:supervisor serial:"));
            assertEquals("supervisor", h.table.daemon().orElseThrow().identifier());

            Files.writeString(h.conf, Files.readString(h.conf)
                    .replace("[supervisord]\n", "[supervisord]\nidentifier=renamed\n"));
            assertEquals(new ConfigChanges(List.of(), List.of(), List.of()), h.ok(NodeSupervisor.ReloadConfig::new));
            assertEquals("renamed", h.table.daemon().orElseThrow().identifier());
            h.<Boolean>ok(r -> new NodeSupervisor.SendRemoteCommEvent("two", "2", r));
            Recorded second = awaitRecords(records, 2).get(1);
            assertTrue(second.header().startsWith("ver:3.0 server:renamed serial:"), second.header());
            assertEquals("type:two\n2", second.payload());
        } finally {
            Files.deleteIfExists(records);
        }
    }

    @Test
    void logAndCommunicationEventsReachTheListenerAsSupervisordSendsThem() throws Exception {
        Path records = Files.createTempFile("drover-listener", ".log");
        try (NodeHarness h = NodeHarness.start("[eventlistener:watch]\ncommand=python3 " + resource("recorder.py")
                + " " + records + " ok\nevents=PROCESS_LOG,PROCESS_COMMUNICATION\nstartsecs=0\n\n"
                + "[program:app]\ncommand=sh -c 'sleep 0.5; echo hello; printf \"<!--XSUPERVISOR:BEGIN-->hi there"
                + "<!--XSUPERVISOR:END-->\"; sleep 30'\nstdout_events_enabled=true\nstdout_capture_maxbytes=1MB\n"
                + "startsecs=0\n")) {
            h.awaitState("app", "RUNNING");
            int pid = h.info("app").pid();
            List<Recorded> r = awaitRecords(records, 3);
            // recorded from supervisord 4.2.5 with the same config: the captured text is also logged
            assertEquals(List.of(
                    "PROCESS_LOG_STDOUT processname:app groupname:app pid:" + pid + " channel:stdout\nhello\n",
                    "PROCESS_LOG_STDOUT processname:app groupname:app pid:" + pid + " channel:stdout\nhi there",
                    "PROCESS_COMMUNICATION_STDOUT processname:app groupname:app pid:" + pid + "\nhi there"),
                    r.stream().map(x -> x.eventName() + " " + x.payload()).toList());
        } finally {
            Files.deleteIfExists(records);
        }
    }

    /**
     * Measurement (printed, written to target/events-node-perf.txt): a program that exits at once and restarts
     * (startsecs=0, autorestart) drives the whole stack; for each EXITED the listener's read time minus the moment the
     * ProcessActor handled the exit (laststop). Asserts only that every EXITED reached the listener.
     */
    @Test
    void exitToListenerLatencyThroughTheWholeNode() throws Exception {
        Path records = Files.createTempFile("drover-listener", ".log");
        try (NodeHarness h = NodeHarness.start("[eventlistener:watch]\ncommand=python3 " + resource("recorder.py")
                + " " + records + " ok\nevents=PROCESS_STATE_EXITED\nbuffer_size=100\nstartsecs=0\n\n"
                + "[program:flap]\ncommand=sh -c \"sleep 0.01\"\nstartsecs=0\nautorestart=true\nautostart=false\n")) {
            h.awaitState("watch", "RUNNING");
            h.<ActionResult>ok(r -> new NodeSupervisor.StartProcess("flap", false, r));
            Eventually.await(Duration.ofSeconds(30), "200 exits", () -> h.transitions.stream()
                    .filter(s -> s.name().equals("flap") && s.state() == ProcessState.EXITED).count() >= 200);
            h.<ActionResult>ok(r -> new NodeSupervisor.StopProcess("flap", true, r));
            List<ProcessStatus> exits = h.transitions.stream()
                    .filter(s -> s.name().equals("flap") && s.state() == ProcessState.EXITED).toList();
            List<Recorded> r = awaitRecords(records, exits.size());
            Map<String, Long> stopAt = new HashMap<>();
            int lastPid = 0;
            for (ProcessStatus s : h.transitions) { // the status of an EXITED has pid 0: take the RUNNING one's
                if (s.name().equals("flap") && s.state() == ProcessState.RUNNING) {
                    lastPid = s.pid();
                } else if (s.name().equals("flap") && s.state() == ProcessState.EXITED) {
                    stopAt.put(Integer.toString(lastPid), s.stopMillis());
                }
            }
            List<Double> lat = new ArrayList<>();
            int matched = 0;
            for (Recorded x : r) {
                String pid = x.payload().substring(x.payload().lastIndexOf("pid:") + 4);
                Long at = stopAt.get(pid);
                if (at != null) {
                    matched++;
                    lat.add(x.receivedAt() * 1000 - at);
                }
            }
            double[] sorted = lat.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            String report = String.format("events-node-perf: %d EXITED via ProcessActor -> EventBus -> pool -> "
                    + "listener: laststop -> listener read p50 %.2f ms, p90 %.2f ms, max %.2f ms "
                    + "(ms clock resolution)%n", sorted.length, sorted[sorted.length / 2],
                    sorted[(int) (sorted.length * 0.9)], sorted[sorted.length - 1]);
            System.out.print(report);
            Files.writeString(Path.of("target", "events-node-perf.txt"), report);
            assertEquals(r.size(), matched, "every EXITED event names the pid that exited");
        } finally {
            Files.deleteIfExists(records);
        }
    }
}
