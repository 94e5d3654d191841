package io.drover.ops.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The same supervisord.conf under the real supervisord 4.2.5 and under Drover, both as daemons, each with the same
 * python listener (childutils protocol, records header and payload) subscribed to PROCESS_STATE,
 * SUPERVISOR_STATE_CHANGE and PROCESS_GROUP. Both are driven through one scenario (start; a program that backs off
 * to FATAL; one that exits; {@code supervisorctl stop} / {@code start}; SIGTERM) and their events compared: header
 * fields, serial and pool serial progression, the supervisor-level events in order, each process's events in order
 * with their payloads (pids aside), and the shutdown's events as far as both listeners got them (supervisord stops
 * its listener while it may still hold events, so its tail is cut short at a point that varies).
 *
 * <p>Cross-process interleaving is not compared: supervisord makes a {@code startsecs=0} process RUNNING on its next
 * loop pass, after every autostart spawn; Drover at once, right after that process's STARTING.
 *
 * <p>Without {@code /usr/bin/supervisord} the Drover side still runs and is compared with the per-process sequences
 * recorded from supervisord 4.2.5 (below). Needs {@code supervisorctl} and {@code python3}.
 */
class EventConformanceTest {

    private static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");
    private static final Path SUPERVISORCTL = Path.of("/usr/bin/supervisorctl");
    private static final Duration T = Duration.ofSeconds(30);
    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PID = Pattern.compile("pid:(\\d+)");

    private static final String CONF = """
            [unix_http_server]
            file=%(here)s/sock

            [supervisord]
            logfile=%(here)s/d.log
            pidfile=%(here)s/d.pid
            childlogdir=%(here)s
            identifier=conformance

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://%(here)s/sock

            [eventlistener:watch]
            command=python3 %(here)s/record_listener.py %(here)s/events.jsonl
            events=PROCESS_STATE,SUPERVISOR_STATE_CHANGE,PROCESS_GROUP
            buffer_size=100

            [program:steady]
            command=sleep 1000
            startsecs=1

            [program:flaky]
            command=sh -c "exit 1"
            startsecs=1
            startretries=1

            [program:once]
            command=sh -c "sleep 0.3; exit 0"
            startsecs=0
            autorestart=false

            [group:pair]
            programs=g1,g2

            [program:g1]
            command=sleep 1000
            startsecs=0

            [program:g2]
            command=sleep 1000
            startsecs=0
            """;

    /** supervisord 4.2.5's events per process up to SUPERVISOR_STATE_CHANGE_STOPPING (pids as N). */
    private static final Map<String, List<String>> RECORDED = Map.of(
            "watch", List.of("PROCESS_STATE_STARTING processname:watch groupname:watch from_state:STOPPED tries:0",
                    "PROCESS_STATE_RUNNING processname:watch groupname:watch from_state:STARTING pid:N"),
            "flaky", List.of("PROCESS_STATE_STARTING processname:flaky groupname:flaky from_state:STOPPED tries:0",
                    "PROCESS_STATE_BACKOFF processname:flaky groupname:flaky from_state:STARTING tries:1",
                    "PROCESS_STATE_STARTING processname:flaky groupname:flaky from_state:BACKOFF tries:1",
                    "PROCESS_STATE_BACKOFF processname:flaky groupname:flaky from_state:STARTING tries:2",
                    "PROCESS_STATE_FATAL processname:flaky groupname:flaky from_state:BACKOFF"),
            "once", List.of("PROCESS_STATE_STARTING processname:once groupname:once from_state:STOPPED tries:0",
                    "PROCESS_STATE_RUNNING processname:once groupname:once from_state:STARTING pid:N",
                    "PROCESS_STATE_EXITED processname:once groupname:once from_state:RUNNING expected:1 pid:N"),
            "g1", List.of("PROCESS_STATE_STARTING processname:g1 groupname:pair from_state:STOPPED tries:0",
                    "PROCESS_STATE_RUNNING processname:g1 groupname:pair from_state:STARTING pid:N"),
            "g2", List.of("PROCESS_STATE_STARTING processname:g2 groupname:pair from_state:STOPPED tries:0",
                    "PROCESS_STATE_RUNNING processname:g2 groupname:pair from_state:STARTING pid:N"),
            "steady", List.of(
                    "PROCESS_STATE_STARTING processname:steady groupname:steady from_state:STOPPED tries:0",
                    "PROCESS_STATE_RUNNING processname:steady groupname:steady from_state:STARTING pid:N",
                    "PROCESS_STATE_STOPPING processname:steady groupname:steady from_state:RUNNING pid:N",
                    "PROCESS_STATE_STOPPED processname:steady groupname:steady from_state:STOPPING pid:N",
                    "PROCESS_STATE_STARTING processname:steady groupname:steady from_state:STOPPED tries:0",
                    "PROCESS_STATE_RUNNING processname:steady groupname:steady from_state:STARTING pid:N"));

    private static final List<String> SUPERVISOR_LEVEL = List.of("PROCESS_GROUP_ADDED groupname:watch\n",
            "PROCESS_GROUP_ADDED groupname:flaky\n", "PROCESS_GROUP_ADDED groupname:once\n",
            "PROCESS_GROUP_ADDED groupname:pair\n", "PROCESS_GROUP_ADDED groupname:steady\n",
            "SUPERVISOR_STATE_CHANGE_RUNNING ", "SUPERVISOR_STATE_CHANGE_STOPPING ");

    /** One event as the listener recorded it. */
    record Received(Map<String, String> header, String payload) {
        String name() {
            return header.get("eventname");
        }

        /** {@code EVENTNAME payload} with every pid as N. */
        String normalized() {
            return name() + " " + PID.matcher(payload).replaceAll("pid:N");
        }

        String process() {
            Matcher m = Pattern.compile("^processname:(\\S+)").matcher(payload);
            return m.find() ? m.group(1) : null;
        }
    }

    /** Both scenario threads add to it. */
    private final Set<Long> toKill = ConcurrentHashMap.newKeySet();
    private final List<Process> daemons = new CopyOnWriteArrayList<>();

    /** Any daemon still up (a failed scenario) goes with its children; then every pid seen in a payload. */
    @AfterEach
    void cleanUp() throws Exception {
        for (Process d : daemons) {
            if (d.isAlive()) {
                d.children().forEach(c -> toKill.add(c.pid()));
                toKill.add(d.pid());
            }
        }
        for (long pid : toKill) {
            new ProcessBuilder("kill", "-9", Long.toString(pid)).start().waitFor();
        }
    }

    @Test
    void droverSendsTheEventsSupervisordSends() throws Exception {
        assumeTrue(Files.isExecutable(SUPERVISORCTL), "supervisorctl is not installed");
        boolean withSupervisord = Files.isExecutable(SUPERVISORD);
        Path droverDir = setUp("drover");
        Path supervisordDir = withSupervisord ? setUp("supervisord") : null;
        // Both daemons run the scenario at the same time: the test takes as long as the slower one.
        Process drover = launchDrover(droverDir);
        daemons.add(drover);
        Process supervisord = withSupervisord ? launch(supervisordDir, List.of(SUPERVISORD.toString(), "-n", "-c",
                supervisordDir.resolve("supervisord.conf").toString())) : null;
        if (supervisord != null) {
            daemons.add(supervisord);
        }
        Thread other = null;
        if (withSupervisord) {
            Throwable[] failure = new Throwable[1];
            other = new Thread(() -> {
                try {
                    scenario(supervisordDir, supervisord);
                } catch (Throwable t) {
                    failure[0] = t;
                }
            }, "supervisord-scenario");
            other.start();
            scenario(droverDir, drover);
            other.join(STARTUP.plus(T.multipliedBy(3)).toMillis()); // its own waits end it before that
            assertTrue(!other.isAlive(), "the supervisord side did not finish");
            if (failure[0] != null) {
                throw new AssertionError("supervisord side: " + failure[0].getMessage(), failure[0]);
            }
        } else {
            scenario(droverDir, drover);
        }

        List<Received> d = read(droverDir);
        checkAlone("drover", d);
        assertEquals(RECORDED, perProcess(d), "drover against supervisord 4.2.5's recorded events");
        if (withSupervisord && ranIntoPollRace(read(supervisordDir).stream().map(Received::normalized).toList())) {
            // supervisord noticed flaky's instant exit only after startsecs (its 1 s poll) and declared it RUNNING:
            // its run is not the reference this time; Drover was compared with the recorded sequence above.
            System.err.println("supervisord declared 'flaky' RUNNING (its poll race): live comparison skipped");
            withSupervisord = false;
        }
        if (withSupervisord) {
            List<Received> s = read(supervisordDir);
            checkAlone("supervisord", s);
            assertEquals(perProcess(s), perProcess(d), "events per process");
            assertEquals(supervisorLevel(s), supervisorLevel(d), "supervisor-level events");
            List<String> ds = shutdownTail(d);
            List<String> ss = shutdownTail(s);
            int common = Math.min(ds.size(), ss.size());
            assertTrue(common >= 1, "shutdown events: supervisord " + ss + ", drover " + ds);
            assertEquals(ss.subList(0, common), ds.subList(0, common), "shutdown order");
        }
    }

    /** supervisord's 1 s poll can miss an instant exit until startsecs passed: it then reports flaky RUNNING. */
    private static boolean ranIntoPollRace(List<String> seen) {
        return seen.stream().anyMatch(s -> s.startsWith("PROCESS_STATE_RUNNING processname:flaky "));
    }

    /** Checks one daemon's events on their own: headers, serials, the supervisor-level sequence. */
    private static void checkAlone(String who, List<Received> events) {
        assertTrue(events.size() >= 20, who + ": " + events);
        for (int i = 0; i < events.size(); i++) {
            Received r = events.get(i);
            assertEquals(List.of("ver", "server", "serial", "pool", "poolserial", "eventname", "len"),
                    List.copyOf(r.header().keySet()), who + " header " + r.header());
            assertEquals("3.0", r.header().get("ver"), who);
            assertEquals("conformance", r.header().get("server"), who);
            assertEquals("watch", r.header().get("pool"), who);
            assertEquals(Integer.toString(i), r.header().get("serial"), who + " serials count from 0: " + events);
            assertEquals(Integer.toString(i), r.header().get("poolserial"), who + " pool serials: " + events);
            assertEquals(r.payload().getBytes(StandardCharsets.UTF_8).length,
                    Integer.parseInt(r.header().get("len")), who + " len of " + r);
        }
        assertEquals(SUPERVISOR_LEVEL.subList(0, 6), events.subList(0, 6).stream().map(Received::normalized)
                .toList(), who + ": groups added, then RUNNING, before any process event");
        assertEquals(SUPERVISOR_LEVEL, supervisorLevel(events), who);
    }

    private static List<String> supervisorLevel(List<Received> events) {
        return events.stream().filter(r -> r.process() == null).map(Received::normalized).toList();
    }

    /** Each process's events before SUPERVISOR_STATE_CHANGE_STOPPING, in order. */
    private static Map<String, List<String>> perProcess(List<Received> events) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Received r : events) {
            if (r.name().equals("SUPERVISOR_STATE_CHANGE_STOPPING")) {
                break;
            }
            if (r.process() != null) {
                out.computeIfAbsent(r.process(), k -> new ArrayList<>()).add(r.normalized());
            }
        }
        return out;
    }

    /** The events from SUPERVISOR_STATE_CHANGE_STOPPING on. */
    private static List<String> shutdownTail(List<Received> events) {
        List<String> names = events.stream().map(Received::normalized).toList();
        int at = names.indexOf("SUPERVISOR_STATE_CHANGE_STOPPING ");
        return at < 0 ? List.of() : names.subList(at, names.size());
    }

    /** start; FATAL, EXITED, RUNNING reached; supervisorctl stop and start steady; SIGTERM; exit. */
    private void scenario(Path dir, Process daemon) throws Exception {
        toKill.add(daemon.pid());
        awaitStarted(dir, daemon);
        await(dir, "startup settled", () -> {
            List<String> seen = read(dir).stream().map(Received::normalized).toList();
            return seen.contains("PROCESS_STATE_FATAL processname:flaky groupname:flaky from_state:BACKOFF")
                    && seen.contains("PROCESS_STATE_EXITED processname:once groupname:once from_state:RUNNING"
                    + " expected:1 pid:N")
                    && seen.stream().filter(s -> s.startsWith("PROCESS_STATE_RUNNING")).count()
                    >= (ranIntoPollRace(seen) ? 6 : 5);
        });
        rememberChildren(dir);
        assertEquals("steady: stopped", ctl(dir, "stop", "steady"));
        assertEquals("steady: started", ctl(dir, "start", "steady"));
        rememberChildren(dir);
        new ProcessBuilder("kill", "-TERM", Long.toString(daemon.pid())).start().waitFor();
        assertTrue(daemon.waitFor(T.toSeconds(), TimeUnit.SECONDS), dir + ": daemon did not exit\n" + log(dir));
    }

    private String ctl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(SUPERVISORCTL.toString(), "-c",
                dir.resolve("supervisord.conf").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        toKill.add(p.pid());
        assertTrue(p.waitFor(T.toSeconds(), TimeUnit.SECONDS), "supervisorctl " + List.of(args));
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    /** Every pid a payload named: the cleanup kills any that survived. */
    private void rememberChildren(Path dir) {
        for (Received r : read(dir)) {
            Matcher m = PID.matcher(r.payload());
            if (m.find()) {
                toKill.add(Long.parseLong(m.group(1)));
            }
        }
    }

    private static Path setUp(String name) throws IOException {
        Path dir = Files.createTempDirectory("drover-conformance-" + name);
        Files.writeString(dir.resolve("supervisord.conf"), CONF);
        try (InputStream in = EventConformanceTest.class.getResourceAsStream(
                "/io/drover/ops/bench/record_listener.py")) {
            Files.write(dir.resolve("record_listener.py"), in.readAllBytes());
        }
        return dir;
    }

    /** As bin/drover runs the JVM (signals blocked, read from a signalfd), on this test's classpath. */
    private static Process launchDrover(Path dir) throws IOException {
        return launch(dir, List.of("env", "--block-signal=HUP", "--block-signal=INT", "--block-signal=QUIT",
                "--block-signal=TERM", "--block-signal=USR2", "_JAVA_SR_SIGNUM=39",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xrs",
                "-XX:+StartAttachListener", "-XX:-MaxFDLimit", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "io.drover.ops.DroverMain", "-n", "-c",
                dir.resolve("supervisord.conf").toString()));
    }

    private static Process launch(Path dir, List<String> cmd) throws IOException {
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.txt").toFile())
                .start();
    }

    static List<Received> read(Path dir) {
        List<Received> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(dir.resolve("events.jsonl"));
        } catch (IOException e) {
            return out;
        }
        for (String line : lines) {
            if (!line.endsWith("}")) {
                continue; // being written
            }
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (IOException e) {
                continue; // being written
            }
            String header = node.get("header").asText();
            Map<String, String> h = new LinkedHashMap<>();
            for (String kv : header.split(" ")) {
                int c = kv.indexOf(':');
                h.put(kv.substring(0, c), kv.substring(c + 1));
            }
            out.add(new Received(h, node.get("payload").asText()));
        }
        return out;
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("d.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * The daemon's {@code supervisord started with pid} line: a JVM without the CDS archive on a loaded machine
     * takes long to get there, so this waits as long as the daemon lives (up to {@link #STARTUP}, against a hang).
     */
    private static void awaitStarted(Path dir, Process daemon) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!log(dir).contains("supervisord started with pid")) {
            if (!daemon.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(dir + ": the daemon did not start (" + (daemon.isAlive() ? "alive"
                        : "exited " + daemon.exitValue()) + ")\n" + log(dir) + "\n" + stdout(dir));
            }
            Thread.sleep(20);
        }
    }

    private static String stdout(Path dir) {
        try {
            return Files.readString(dir.resolve("stdout.txt"));
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(Path dir, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(dir + ": timed out waiting for " + what + "\n" + read(dir) + "\n"
                        + log(dir));
            }
            Thread.sleep(20);
        }
    }
}
