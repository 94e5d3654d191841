package io.drover.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The clients operators use besides supervisorctl itself, each against the real supervisord 4.2.5 and against Drover
 * on the same config, compared step by step: the web interface's process table and action redirects (what
 * screen-scraping consoles read), Ansible's {@code community.general.supervisorctl} module (its commands and its
 * parsing of the stock supervisorctl's output, replicated here), and the XML-RPC calls consoles such as Cesi,
 * Multivisor and Nagios checks make (raw response bodies, byte for byte once times, pids and paths are normalized).
 * Each step runs on both daemons, so they go through the same states.
 *
 * <p>Skipped without {@code /usr/bin/supervisord} and {@code /usr/bin/supervisorctl}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientConformanceTest {
    private static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");
    private static final Path SUPERVISORCTL = Path.of("/usr/bin/supervisorctl");
    private static final Duration T = Duration.ofSeconds(30);
    /** A JVM daemon without its class-data archive on a loaded 2-core machine has taken ~40 s to listen. */
    private static final Duration START = Duration.ofSeconds(120);

    private static final String PROGRAMS = """
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [program:web]
            command=sh -c 'echo hello; echo err >&2; exec sleep 1000'
            stdout_logfile=%(here)s/web.out
            stderr_logfile=%(here)s/web.err
            startsecs=1

            [program:idle]
            command=sleep 1000
            autostart=false
            startsecs=0
            stdout_logfile=%(here)s/idle.out

            [program:bad]
            command=/nonexistent/x
            autostart=false

            [program:quick]
            command=sh -c 'exit 3'
            autostart=false
            startsecs=1
            startretries=0

            [group:g]
            programs=a,b

            [program:a]
            command=sleep 1000
            startsecs=0
            stdout_logfile=%(here)s/a.out

            [program:b]
            command=sleep 1000
            autostart=false
            startsecs=0
            stdout_logfile=%(here)s/b.out

            [program:n]
            command=sleep 1000
            process_name=%(program_name)s_%(process_num)d
            numprocs=2
            autostart=false
            startsecs=0
            stdout_logfile=%(here)s/n_%(process_num)d.out
            """;

    /** One daemon under test: its directory (config, logs, socket), HTTP port and process. */
    private record Daemon(String label, Path dir, Path conf, int port, Process process) {
        String url() {
            return "http://127.0.0.1:" + port;
        }
    }

    private Path root;
    private Daemon real;
    private Daemon drover;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    void startBoth() throws Exception {
        assumeTrue(Files.isExecutable(SUPERVISORD) && Files.isExecutable(SUPERVISORCTL),
                "needs the real supervisord 4.2.5 and supervisorctl");
        root = Files.createTempDirectory("clients");
        real = start("supervisord", List.of(SUPERVISORD.toString(), "-n", "-c"));
        drover = start("drover", List.of("env", "--block-signal=HUP", "--block-signal=INT", "--block-signal=QUIT",
                "--block-signal=TERM", "--block-signal=USR2", "_JAVA_SR_SIGNUM=39",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xrs",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.drover.ops.DroverMain", "-n", "-c"));
        for (Daemon d : List.of(real, drover)) {
            await(d.label + " running web and g:a", START, () -> {
                String out = ctl(d, "status").out;
                return out.matches("(?s).*\\bweb +RUNNING.*") && out.matches("(?s).*\\bg:a +RUNNING.*");
            });
        }
    }

    private Daemon start(String label, List<String> command) throws IOException {
        Path dir = Files.createDirectory(root.resolve(label));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path conf = dir.resolve("supervisord.conf");
        Files.writeString(conf, "[supervisord]\nlogfile=%(here)s/d.log\npidfile=%(here)s/d.pid\n"
                + "childlogdir=%(here)s\nidentifier=clients\n\n"
                + "[unix_http_server]\nfile=%(here)s/s.sock\n\n"
                + "[inet_http_server]\nport=127.0.0.1:" + port + "\n\n"
                + "[supervisorctl]\nserverurl=http://127.0.0.1:" + port + "\n\n" + PROGRAMS);
        List<String> argv = new ArrayList<>(command);
        argv.add(conf.toString());
        Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(dir.resolve("daemon.out").toFile()).start();
        return new Daemon(label, dir, conf, port, p);
    }

    @AfterAll
    void stopBoth() throws Exception {
        for (Daemon d : new Daemon[] {real, drover}) {
            if (d == null) {
                continue;
            }
            Set<Long> pids = new HashSet<>(DaemonProcessTest.childrenOf(d.process.pid()));
            new ProcessBuilder("kill", "-TERM", Long.toString(d.process.pid())).start().waitFor();
            d.process.waitFor(20, TimeUnit.SECONDS);
            d.process.destroyForcibly();
            pids.addAll(DroverCtlConformanceTest.processesOf(d.dir));
            for (long pid : pids) {
                DroverCtlConformanceTest.killIfOurs(pid, d.dir);
            }
        }
        if (root != null) {
            try (Stream<Path> tree = Files.walk(root)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    // ---- the web interface -------------------------------------------------------------------------------------

    /** The process table as scrapers read it (rows, cells, classes, action slots), and the action redirects. */
    @Test
    @Order(1)
    void webInterfaceProcessTableAndActionsAsSupervisord() throws Exception {
        assertEquals(table(get(real, "/index.html").body()), table(get(drover, "/index.html").body()));
        String message = "/index.html?message=Process%20%3Cx%3E%20started";
        assertEquals(statusMessage(get(real, message).body()), statusMessage(get(drover, message).body()));
        for (String action : List.of("start&processname=web", "start&processname=idle", "stop&processname=idle",
                "stop&processname=idle", "start&processname=bad", "start&processname=quick",
                "start&processname=nope", "restart&processname=g%3Aa", "stop&processname=g%3A%2A",
                "clearlog&processname=web", "bogus&processname=web", "start")) {
            String path = "/index.html?action=" + action;
            assertEquals(redirect(real, path), redirect(drover, path), path);
        }
        assertEquals(table(get(real, "/").body()), table(get(drover, "/").body()));
    }

    private HttpResponse<String> get(Daemon d, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(d.url() + path)).timeout(T).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String redirect(Daemon d, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(d, path);
        return r.statusCode() + " " + r.headers().firstValue("Location").orElse("").replace(d.url(), "URL");
    }

    /** The header cells and the rows, markup only (whitespace between tags and {@code rel} left out). */
    private static String table(String page) {
        int from = page.indexOf("<thead>");
        int to = page.indexOf("</tbody>");
        assertTrue(from >= 0 && to > from, page);
        String t = page.substring(from, to).strip().replaceAll(">\\s+<", "><").replace(" rel=\"noopener\"", "");
        return normalize(t).replace("><tr", ">\n<tr");
    }

    private static String statusMessage(String page) {
        Matcher m = Pattern.compile("<(\\w+) class=\"status_msg\"[^>]*>([^<]*)</\\1>").matcher(page);
        assertTrue(m.find(), page);
        // supervisord's template engine leaves '>' unescaped in text: compare the text as a browser reads it
        return m.group(1) + ": " + m.group(2).replace("&gt;", ">");
    }

    // ---- Ansible's community.general.supervisorctl ---------------------------------------------------------------

    /** What the module reports for one task. */
    private record Outcome(boolean changed, boolean failed, List<String> affected, String msg) {
    }

    /** Thrown where the module calls fail_json or exit_json: the task ends there. */
    private static final class TaskEnd extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Outcome outcome;

        TaskEnd(Outcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    @Test
    @Order(2)
    void ansibleSupervisorctlModuleGetsTheSameResults() throws Exception {
        String[][] steps = {{"web", "started"}, {"idle", "started"}, {"idle", "stopped"}, {"idle", "stopped"},
                {"web", "restarted"}, {"g:", "started"}, {"g:", "stopped"}, {"g:", "restarted"},
                {"g:", "signalled", "WINCH"}, {"idle", "signalled", "WINCH"}, {"nope", "started"},
                {"nope", "present"}, {"n:", "absent"}, {"n:", "present"}, {"n:", "started"}, {"quick", "started"},
                {"bad", "started"}, {"all", "stopped"}, {"n:n_0", "started"}};
        List<String> fromReal = new ArrayList<>();
        List<String> fromDrover = new ArrayList<>();
        for (String[] step : steps) {
            String signal = step.length > 2 ? step[2] : null;
            // the same task on both daemons at once (they share nothing), to halve the wait on supervisord's ticks
            var onReal = java.util.concurrent.CompletableFuture.supplyAsync(() -> task(real, step[0], step[1], signal));
            Outcome onDrover = task(drover, step[0], step[1], signal);
            fromReal.add(String.join(" ", step) + " -> " + onReal.get(2 * T.toSeconds(), TimeUnit.SECONDS));
            fromDrover.add(String.join(" ", step) + " -> " + onDrover);
        }
        assertEquals(String.join("\n", fromReal), String.join("\n", fromDrover));
        // the flows did something: a group was added back, a start failed, processes were restarted
        assertTrue(fromDrover.get(13).contains("changed=true"), fromDrover.get(13));
        assertTrue(fromDrover.get(15).contains("failed=true"), fromDrover.get(15));
        assertTrue(fromDrover.get(7).contains("[g:a, g:b]"), fromDrover.get(7));
    }

    private Outcome task(Daemon d, String name, String state, String signal) {
        try {
            module(d, name, state, signal);
            throw new AssertionError("the module always ends with exit_json or fail_json");
        } catch (TaskEnd end) {
            return end.outcome;
        }
    }

    /** The module's main(), step for step (community.general 6.x, Debian's ansible 7.7). */
    private void module(Daemon d, String rawName, String state, String signal) {
        boolean isGroup = rawName.endsWith(":");
        String name = isGroup ? rawName.replaceAll(":+$", "") : rawName;
        if (state.equals("restarted")) {
            checked(d, "update", null);
            List<String[]> processes = matched(d, name, isGroup);
            if (processes.isEmpty()) {
                fail("ERROR (no such process)");
            }
            act(d, processes, s -> true, "restart", "started");
        }
        List<String[]> processes = matched(d, name, isGroup);
        if (state.equals("absent")) {
            if (processes.isEmpty()) {
                exit(false, List.of());
            }
            checked(d, "reread", null);
            Run r = ctl(d, "remove", name);
            if (r.out.contains(name + ": removed process group")) {
                exit(true, List.of());
            }
            fail(r.out);
        }
        if (state.equals("present")) {
            if (!processes.isEmpty()) {
                exit(false, List.of());
            }
            checked(d, "reread", null);
            Run r = ctl(d, "add", name);
            if (r.out.contains(name + ": added process group")) {
                exit(true, List.of());
            }
            fail(r.out);
        }
        if (processes.isEmpty()) {
            fail("ERROR (no such process)");
        }
        switch (state) {
            case "started" -> act(d, processes, s -> !s.equals("RUNNING") && !s.equals("STARTING"), "start",
                    "started");
            case "stopped" -> act(d, processes, s -> s.equals("RUNNING") || s.equals("STARTING"), "stop", "stopped");
            case "signalled" -> act(d, processes, s -> s.equals("RUNNING"), "signal " + signal, "signalled");
            default -> throw new AssertionError(state);
        }
    }

    /** get_matched_processes: {@code status} split on spaces, filtered by name, group or {@code all}. */
    private List<String[]> matched(Daemon d, String name, boolean isGroup) {
        List<String[]> out = new ArrayList<>();
        for (String line : ctl(d, "status").out.split("\n")) {
            String[] fields = Arrays.stream(line.split(" ")).filter(f -> !f.isEmpty()).toArray(String[]::new);
            if (fields.length < 2) {
                continue; // the module would fail on such a line: neither daemon prints one
            }
            String process = fields[0];
            if (isGroup ? !(process.contains(":") && process.split(":")[0].equals(name))
                    : !process.equals(name) && !name.equals("all")) {
                continue;
            }
            out.add(new String[] {process, fields[1]});
        }
        return out;
    }

    /** take_action_on_processes: one command per process, each output must read {@code NAME: RESULT}. */
    private void act(Daemon d, List<String[]> processes, java.util.function.Predicate<String> filter, String action,
            String expected) {
        List<String> names = processes.stream().filter(p -> filter.test(p[1])).map(p -> p[0]).toList();
        if (names.isEmpty()) {
            exit(false, List.of());
        }
        for (String process : names) {
            Run r = checked(d, action, process);
            if (!r.out.contains(process + ": " + expected)) {
                fail(r.out);
            }
        }
        exit(true, names);
    }

    /** run_command with check_rc=True: a non-zero exit fails the task. */
    private Run checked(Daemon d, String command, String name) {
        Run r = name == null ? ctl(d, command) : ctl(d, command, name);
        if (r.exit != 0) {
            fail("rc=" + r.exit + " " + r.out + r.err);
        }
        return r;
    }

    private static void exit(boolean changed, List<String> affected) {
        throw new TaskEnd(new Outcome(changed, false, affected, ""));
    }

    private static void fail(String msg) {
        throw new TaskEnd(new Outcome(false, true, List.of(), normalize(msg)));
    }

    // ---- XML-RPC as consoles call it -----------------------------------------------------------------------------

    @Test
    @Order(3)
    void consoleCallsAnswerByteForByte() throws Exception {
        String multicall = array(struct("supervisor.getState"), struct("supervisor.getProcessInfo", s("web")),
                struct("supervisor.getProcessInfo", s("nope")), struct("supervisor.nope"),
                struct("supervisor.stopProcess", s("idle")), struct("supervisor.startProcess", s("idle")),
                struct("system.multicall", array()), "<value><struct></struct></value>");
        List<String> calls = List.of(call("supervisor.getState"), call("supervisor.getIdentification"),
                call("supervisor.getSupervisorVersion"), call("supervisor.getAPIVersion"),
                call("supervisor.getVersion"), call("system.listMethods"),
                call("system.methodSignature", s("supervisor.startProcess")),
                call("supervisor.getAllProcessInfo"), call("supervisor.getProcessInfo", s("web")),
                call("supervisor.getProcessInfo", s("g:a")), call("supervisor.getProcessInfo", s("nope")),
                call("supervisor.getProcessInfo", s("g:*")), call("supervisor.getProcessInfo", s("n")),
                call("supervisor.readProcessStdoutLog", s("web"), i(0), i(100)),
                call("supervisor.readProcessStderrLog", s("web"), i(0), i(100)),
                call("supervisor.readProcessStdoutLog", s("web"), i(-3), i(0)),
                call("supervisor.readProcessStdoutLog", s("web"), i(100), i(10)),
                call("supervisor.readProcessStdoutLog", s("web"), i(-1), i(5)),
                call("supervisor.readProcessStdoutLog", s("nope"), i(0), i(100)),
                call("supervisor.readProcessStdoutLog", s("bad"), i(0), i(100)),
                call("supervisor.readProcessLog", s("web"), i(0), i(100)),
                call("supervisor.tailProcessStdoutLog", s("web"), i(0), i(100)),
                call("supervisor.tailProcessStdoutLog", s("web"), i(0), i(2)),
                call("supervisor.tailProcessStdoutLog", s("web"), i(100), i(10)),
                call("supervisor.tailProcessStderrLog", s("web"), i(0), i(100)),
                call("supervisor.tailProcessStdoutLog", s("nope"), i(0), i(100)),
                call("supervisor.tailProcessStdoutLog", s("bad"), i(0), i(100)),
                call("supervisor.tailProcessLog", s("web"), i(0), i(100)),
                call("supervisor.startProcess", s("idle"), b(true)), call("supervisor.startProcess", s("idle"), b(true)),
                call("supervisor.stopProcess", s("idle"), b(true)), call("supervisor.stopProcess", s("idle"), b(true)),
                call("supervisor.startProcess", s("bad"), b(true)), call("supervisor.startProcess", s("quick"), b(true)),
                call("supervisor.startProcess", s("nope"), b(true)), call("supervisor.startProcess", s("g:*")),
                call("supervisor.startProcessGroup", s("g"), b(true)),
                call("supervisor.stopProcessGroup", s("g"), b(true)),
                call("supervisor.startProcessGroup", s("nope"), b(true)),
                call("supervisor.startProcess", s("g:a")), call("supervisor.signalProcess", s("g:a"), s("WINCH")),
                call("supervisor.signalProcess", s("g:a"), s("NOPE")),
                call("supervisor.signalProcess", s("idle"), s("HUP")),
                call("supervisor.signalProcessGroup", s("g"), s("WINCH")),
                call("supervisor.clearProcessLogs", s("idle")), call("supervisor.clearProcessLogs", s("nope")),
                call("system.multicall", multicall),
                call("system.multicall", array(struct("supervisor.stopProcess", s("idle"), b(true)))),
                call("supervisor.nope"), call("supervisor.getProcessInfo"), call("supervisor.getProcessInfo", i(1)),
                call("supervisor.getAllConfigInfo"));
        for (String body : calls) {
            String a = rpc(real, body);
            String b = rpc(drover, body);
            assertEquals(a, b, body);
        }
    }

    private String rpc(Daemon d, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(d.url() + "/RPC2")).timeout(T)
                .header("Content-Type", "text/xml").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        String text = normalize(r.body().replace(d.dir.toString(), "DIR"))
                .replaceAll("<name>(pid|start|stop|now)</name>\\s*<value><int>[0-9]+</int>", "<name>$1</name>N")
                .replaceAll("---clients-[a-z0-9_]+\\.log", "---clients-R.log");
        if (body.contains("Group</methodName>")) {
            // a group call lists its processes in the order they finished (Drover) or were polled (supervisord)
            Matcher m = Pattern.compile("(?s)<value><struct>.*?</struct></value>\n").matcher(text);
            List<String> structs = new ArrayList<>();
            int first = -1;
            int last = -1;
            while (m.find()) {
                first = first < 0 ? m.start() : first;
                last = m.end();
                structs.add(m.group());
            }
            if (first >= 0) {
                text = text.substring(0, first) + String.join("", structs.stream().sorted().toList())
                        + text.substring(last);
            }
        }
        return r.statusCode() + " " + r.headers().firstValue("Content-Type").orElse("") + "\n" + text;
    }

    private static String call(String method, String... params) {
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\"?>\n<methodCall>\n<methodName>")
                .append(method).append("</methodName>\n<params>\n");
        for (String p : params) {
            out.append("<param>\n").append(p).append("</param>\n");
        }
        return out.append("</params>\n</methodCall>\n").toString();
    }

    private static String struct(String method, String... params) {
        return "<value><struct><member><name>methodName</name><value><string>" + method + "</string></value>"
                + "</member><member><name>params</name>" + array(params) + "</member></struct></value>";
    }

    private static String array(String... values) {
        return "<value><array><data>" + String.join("", values) + "</data></array></value>";
    }

    private static String s(String v) {
        return "<value><string>" + v + "</string></value>";
    }

    private static String i(int v) {
        return "<value><int>" + v + "</int></value>";
    }

    private static String b(boolean v) {
        return "<value><boolean>" + (v ? 1 : 0) + "</boolean></value>";
    }

    // ---- shared -------------------------------------------------------------------------------------------------

    private record Run(String out, String err, int exit) {
    }

    /** The stock supervisorctl with the module's arguments ({@code -c FILE CMD [NAME]}) and its C locale. */
    private static Run ctl(Daemon d, String... args) {
        List<String> cmd = new ArrayList<>(List.of(SUPERVISORCTL.toString(), "-c", d.conf.toString()));
        cmd.addAll(List.of(args));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().putAll(java.util.Map.of("LANG", "C", "LC_ALL", "C", "LC_MESSAGES", "C", "LC_CTYPE", "C"));
            Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            try {
                byte[] err = p.getErrorStream().readAllBytes();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(p.waitFor(T.toSeconds(), TimeUnit.SECONDS), "supervisorctl " + cmd + " did not finish");
                return new Run(out, new String(err, StandardCharsets.UTF_8), p.exitValue());
            } finally {
                p.destroyForcibly();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String normalize(String s) {
        return s.replaceAll("pid [0-9]+, uptime [0-9:]+", "pid N, uptime T")
                .replaceAll("[A-Z][a-z]{2} [0-9]{2} [0-9]{2}:[0-9]{2} [AP]M", "DATE");
    }

    private static void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
