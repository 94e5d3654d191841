package io.drover.ops.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event plane's benchmark, Drover against supervisord 4.2.5 on the same configs (not part of the test suite):
 *
 * <pre>
 * ./mvnw -q -B -DskipTests package
 * java -cp 'ops/target/drover/lib/*' io.drover.ops.bench.EventBench [seconds=10] [rate=1000] [samples=200]
 * </pre>
 *
 * <ul>
 * <li><b>Throughput.</b> {@code rate/3} {@code sleep} exits per second ({@code numprocs=100}, {@code startsecs=0},
 * {@code autorestart=true}: STARTING, RUNNING, EXITED per cycle) for {@code seconds}, delivered to a pool of two
 * listeners subscribed to PROCESS_STATE ({@code buffer_size=100000}). Reports the rate the listeners received and
 * checks that nothing was lost: the serials received by both listeners together are 0..max with no gap and no
 * duplicate (the daemon's shutdown stops the listeners, so events after the last one received are not counted).
 * <li><b>Latency.</b> A python child, started by XML-RPC {@code startProcess} one at a time (so no spawn competes
 * with the measurement), sleeps 0.2 s, writes {@code time.monotonic_ns()} to a file named by its pid and
 * {@code os._exit(0)}s at once; the listener (one, subscribed to PROCESS_STATE_EXITED) records
 * {@code time.monotonic_ns()} when it reads the event's header. Same clock, so the difference is the time from the
 * child's exit to the listener holding the event; p50/p90/p99/max over {@code samples} exits.
 * </ul>
 *
 * Daemons: {@code ops/target/drover/bin/drover -n -c F} (system property {@code drover.bench.launcher}) and
 * {@code /usr/bin/supervisord -n -c F} when installed (and {@code -Ddrover.bench.droverOnly=true} is not given). The listener is {@code record_listener.py} (this package's
 * resource). Load average is printed before and after each run: other work on the machine skews the numbers.
 */
public final class EventBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SERIAL = Pattern.compile("(?:^| )serial:(\\d+)");
    private static final Pattern PID = Pattern.compile("pid:(\\d+)");
    private static final int CHURN_PROCS = 100;

    private EventBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int samples = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        Map<String, List<String>> daemons = new java.util.LinkedHashMap<>();
        daemons.put("drover", List.of(System.getProperty("drover.bench.launcher", "ops/target/drover/bin/drover"),
                "-n", "-c"));
        if (Files.isExecutable(Path.of("/usr/bin/supervisord")) && !Boolean.getBoolean("drover.bench.droverOnly")) {
            daemons.put("supervisord", List.of("/usr/bin/supervisord", "-n", "-c"));
        }
        for (Map.Entry<String, List<String>> d : daemons.entrySet()) {
            System.out.println("== " + d.getKey());
            throughput(d.getValue(), seconds, rate);
            latency(d.getValue(), samples);
        }
    }

    private static void throughput(List<String> daemon, int seconds, int rate) throws Exception {
        double sleep = 3.0 * CHURN_PROCS / rate;
        Path dir = setUp("throughput", """
                [unix_http_server]
                file=%(here)s/sock

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [supervisorctl]
                serverurl=unix://%(here)s/sock

                [eventlistener:load]
                command=python3 %(here)s/record_listener.py %(here)s/events-%(process_num)d.jsonl
                process_name=%(program_name)s_%(process_num)d
                numprocs=2
                events=PROCESS_STATE
                buffer_size=1000000
                stderr_logfile=NONE

                [program:churn]
                command=sleep {SLEEP}
                process_name=%(program_name)s_%(process_num)d
                numprocs={PROCS}
                startsecs=0
                autorestart=true
                stdout_logfile=NONE
                stderr_logfile=NONE
                """.replace("{SLEEP}", String.format(Locale.ROOT, "%.3f", sleep))
                .replace("{PROCS}", Integer.toString(CHURN_PROCS)));
        String loadBefore = loadavg();
        Daemon run = Daemon.start(daemon, dir);
        try {
            run.awaitEvents(2, 2, 60);
            long offered0 = run.churnEventsLogged();
            long received0 = run.events().size();
            long cpu0 = run.cpuTicks();
            long t0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long elapsed = System.nanoTime() - t0;
            long offered = run.churnEventsLogged() - offered0;
            long received = run.events().size() - received0;
            long cpu = run.cpuTicks() - cpu0;
            // Stop the churn and let the listeners drain whatever is still buffered.
            long drainStart = System.nanoTime();
            run.ctl("stop", "churn:*");
            long stopped = System.nanoTime();
            long drainMs = run.awaitQuiet() - drainStart / 1_000_000;
            List<Event> events = run.events();
            BitSet serials = new BitSet();
            int duplicates = 0;
            int max = -1;
            Map<String, Integer> perKind = new HashMap<>();
            for (Event e : events) {
                int s = e.serial();
                duplicates += serials.get(s) ? 1 : 0;
                serials.set(s);
                max = Math.max(max, s);
                if (e.payload().startsWith("processname:churn_")) {
                    perKind.merge(e.name(), 1, Integer::sum);
                }
            }
            int gaps = (max + 1) - serials.cardinality();
            Map<String, Long> logged = run.churnEventsByKind();
            Map<String, Integer> perListener = new java.util.TreeMap<>();
            events.forEach(e -> perListener.merge(e.file(), 1, Integer::sum));
            double secs = elapsed / 1e9;
            System.out.printf(Locale.ROOT, "throughput (%d churn programs, sleep %.3f s): in %.1f s the daemon raised"
                            + " %.0f churn state events/s, the 2 listeners received %.0f events/s; daemon CPU %.0f%%"
                            + " of a core%n", CHURN_PROCS, sleep, secs, offered / secs, received / secs,
                    100.0 * cpu / 100.0 / secs);
            System.out.printf(Locale.ROOT, "  stopping the churn took %d ms (supervisorctl stop churn:*), the last"
                            + " event came %d ms after the stop began; %d events in all (serials 0..%d): gaps %d,"
                            + " duplicates %d; per listener %s%n", (stopped - drainStart) / 1_000_000, drainMs,
                    events.size(), max, gaps, duplicates, perListener.values());
            System.out.println("  churn events received " + new java.util.TreeMap<>(perKind) + " vs daemon log "
                    + new java.util.TreeMap<>(logged) + "; overflow lines in the log: " + run.logLines("overflow"));
        } finally {
            run.stop();
            run.kill();
            System.out.println("  load average before " + loadBefore + ", after " + loadavg());
        }
    }

    private static void latency(List<String> daemon, int samples) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        // The exiter is started by XML-RPC, one at a time, and exits 0.2 s later: its python startup is long done
        // and nothing is spawned when it exits, so only the exit itself is measured.
        Path dir = setUp("latency", """
                [inet_http_server]
                port=127.0.0.1:{PORT}

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [eventlistener:lat]
                command=python3 %(here)s/record_listener.py %(here)s/events-0.jsonl
                events=PROCESS_STATE_EXITED
                buffer_size=1000
                stderr_logfile=NONE

                [program:exiter]
                command=python3 -c "import os,sys,time; time.sleep(0.2); f=open(sys.argv[1]+'/'+str(os.getpid()),'w'); f.write(str(time.monotonic_ns())); f.close(); os._exit(0)" %(here)s/exits
                startsecs=0
                autostart=false
                autorestart=false
                stdout_logfile=NONE
                stderr_logfile=NONE
                """.replace("{PORT}", Integer.toString(port)));
        Files.createDirectories(dir.resolve("exits"));
        String loadBefore = loadavg();
        Daemon run = Daemon.start(daemon, dir);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest start = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/RPC2"))
                .header("Content-Type", "text/xml")
                .POST(HttpRequest.BodyPublishers.ofString("<?xml version='1.0'?><methodCall><methodName>"
                        + "supervisor.startProcess</methodName><params><param><value><string>exiter</string></value>"
                        + "</param><param><value><boolean>0</boolean></value></param></params></methodCall>"))
                .build();
        int warmup = 3;
        try {
            awaitRpc(http, start, run);
            for (int i = 1; i <= samples + warmup; i++) {
                http.send(start, HttpResponse.BodyHandlers.discarding());
                // supervisord delivers about one event a second here: allow for it
                run.awaitEvents(i + 1, 30);
            }
            List<Long> lat = new ArrayList<>();
            for (Event e : run.events()) {
                Matcher m = PID.matcher(e.payload());
                if (!m.find()) {
                    continue;
                }
                Path exit = dir.resolve("exits").resolve(m.group(1));
                if (Files.exists(exit)) {
                    lat.add(e.t() - Long.parseLong(Files.readString(exit).trim()));
                }
            }
            List<Long> sorted = new ArrayList<>(lat.subList(Math.min(warmup + 1, lat.size()), lat.size()));
            sorted.sort(null);
            System.out.printf(Locale.ROOT, "latency child exit -> listener reads PROCESS_STATE_EXITED over %d exits:"
                            + " p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n", sorted.size(),
                    pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 100));
        } finally {
            run.stop();
            run.kill();
            System.out.println("  load average before " + loadBefore + ", after " + loadavg());
        }
    }

    /** Waits until the daemon answers XML-RPC (and the exiter can be started). */
    private static void awaitRpc(HttpClient http, HttpRequest probe, Daemon run) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                HttpResponse<String> r = http.send(probe, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    run.awaitEvents(1, 30); // that first start is the first sample's warm-up
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the daemon does not answer XML-RPC");
            }
            Thread.sleep(100);
        }
    }

    private static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i))) / 1e6;
    }

    private static Path setUp(String name, String body) throws IOException {
        Path dir = Files.createTempDirectory("drover-eventbench-" + name);
        Files.writeString(dir.resolve("supervisord.conf"), "[supervisord]\nlogfile=%(here)s/d.log\n"
                + "pidfile=%(here)s/d.pid\nchildlogdir=%(here)s\n\n" + body);
        try (InputStream in = EventBench.class.getResourceAsStream("record_listener.py")) {
            Files.write(dir.resolve("record_listener.py"), in.readAllBytes());
        }
        return dir;
    }

    private static String loadavg() throws IOException {
        String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return f[0] + " " + f[1] + " " + f[2];
    }

    /** One event as a listener recorded it. */
    private record Event(String file, long t, String header, String payload) {
        String name() {
            return header.substring(header.indexOf("eventname:") + 10, header.indexOf(" len:"));
        }

        int serial() {
            Matcher m = SERIAL.matcher(header);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        }
    }

    /** A daemon running a bench config. */
    private static final class Daemon {
        private final Process process;
        private final Path dir;

        private Daemon(Process process, Path dir) {
            this.process = process;
            this.dir = dir;
        }

        static Daemon start(List<String> command, Path dir) throws IOException {
            List<String> cmd = new ArrayList<>(command);
            cmd.add(dir.resolve("supervisord.conf").toString());
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("stdout.txt").toFile()).start();
            return new Daemon(p, dir);
        }

        void awaitEvents(int n, int timeoutSeconds) throws Exception {
            awaitEvents(n, 1, timeoutSeconds);
        }

        /** Waits until the listener files hold {@code n} events, spread over at least {@code files} files. */
        void awaitEvents(int n, int files, int timeoutSeconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            while (events().size() < n || events().stream().map(Event::file).distinct().count() < files) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("no events in " + dir + " (daemon alive: " + process.isAlive()
                            + ")");
                }
                Thread.sleep(5);
            }
        }

        List<Event> events() throws IOException {
            List<Event> out = new ArrayList<>();
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(x -> x.getFileName().toString().startsWith("events-")).toList()) {
                    for (String line : Files.readAllLines(f)) {
                        JsonNode n;
                        try {
                            n = JSON.readTree(line);
                        } catch (IOException e) {
                            continue; // the line being written
                        }
                        out.add(new Event(f.getFileName().toString(), n.get("t").asLong(), n.get("header").asText(),
                                n.get("payload").asText()));
                    }
                }
            }
            return out;
        }

        /** The churn programs' state changes the daemon's log shows (spawned, success, exited, stopped lines). */
        Map<String, Long> churnEventsByKind() throws IOException {
            Map<String, Long> out = new HashMap<>();
            Path log = dir.resolve("d.log");
            if (!Files.exists(log)) {
                return out;
            }
            for (String l : Files.readAllLines(log)) {
                String kind = l.contains("spawned: 'churn_") ? "PROCESS_STATE_STARTING"
                        : l.contains("success: churn_") ? "PROCESS_STATE_RUNNING"
                        : l.contains("exited: churn_") ? "PROCESS_STATE_EXITED"
                        : l.contains("stopped: churn_") ? "PROCESS_STATE_STOPPED" : null;
                if (kind != null) {
                    out.merge(kind, 1L, Long::sum);
                }
            }
            return out;
        }

        long churnEventsLogged() throws IOException {
            return churnEventsByKind().values().stream().mapToLong(Long::longValue).sum();
        }

        void ctl(String... args) throws Exception {
            List<String> cmd = new ArrayList<>(List.of("supervisorctl", "-c", dir.resolve("supervisord.conf")
                    .toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("ctl.txt").toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("supervisorctl " + List.of(args) + " did not return");
            }
        }

        /**
         * Waits until no listener has received anything for 2 s (at most 120 s); returns when the last event came
         * (ms).
         */
        long awaitQuiet() throws Exception {
            int last = -1;
            long lastChange = System.nanoTime();
            long deadline = lastChange + 120_000_000_000L;
            while (System.nanoTime() - lastChange < 2_000_000_000L && System.nanoTime() < deadline) {
                int n = events().size();
                if (n != last) {
                    last = n;
                    lastChange = System.nanoTime();
                }
                Thread.sleep(50);
            }
            return lastChange / 1_000_000;
        }

        long cpuTicks() throws IOException {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }

        long logLines(String fragment) throws IOException {
            Path log = dir.resolve("d.log");
            return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains(fragment)).count()
                    : 0;
        }

        void stop() throws Exception {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start().waitFor();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                System.out.println("  daemon did not stop within 60 s");
            }
        }

        void kill() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
