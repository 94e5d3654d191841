package io.drover.ops.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * XML-RPC performance, Drover side by side with supervisord, driven by the same Python {@code xmlrpc.client}
 * (not part of the test suite):
 *
 * <pre>
 * ./mvnw -q -B -DskipTests package
 * java -cp 'ops/target/drover/lib/*' io.drover.ops.bench.RpcBench [programs=1000] [rounds=30] [cpuCalls=2000] [drover,supervisord]
 * </pre>
 *
 * For each daemon: writes a config of {@code programs} {@code sleep} programs with an {@code [inet_http_server]} on
 * a free loopback port, starts {@code ops/target/drover/bin/drover -n -c F} or {@code /usr/bin/supervisord -n -c F}
 * (system properties {@code drover.bench.launcher}, {@code drover.bench.supervisord}), waits until every program
 * is RUNNING, then runs a generated python3 script that reports
 * <ul>
 *   <li>{@code getAllProcessInfo} through {@code ServerProxy}: median and p90 over {@code rounds} calls;</li>
 *   <li>the same call as raw HTTP (no parsing), and {@code Transport.parse_response} of the captured answer from
 *       memory (no network): the client's parse floor, to tell server time from client time;</li>
 *   <li>{@code getProcessInfo}: median and p99 over {@code 10 × rounds} calls;</li>
 *   <li>daemon CPU per {@code getProcessInfo} call: utime+stime from {@code /proc/PID/stat} over {@code cpuCalls}
 *       calls, raw and less the idle rate measured just before;</li>
 *   <li>{@code supervisorctl -c F -s URL status}: wall time, median of 5; and {@code version} (one tiny call) as
 *       the client's own floor (Python start-up and imports).</li>
 * </ul>
 * {@code /proc/loadavg} is printed before and after each daemon: other work on the machine skews the numbers.
 * {@code DROVER_JAVA_OPTS} reaches the Drover launcher (e.g. {@code -XX:StartFlightRecording=filename=rpc.jfr}).
 * Every daemon is stopped with SIGTERM (SIGKILL after 60 s) and any program it left behind is killed by PID.
 */
public final class RpcBench {

    private static final Pattern PID = Pattern.compile("<name>pid</name>\\s*<value><int>(\\d+)</int>");
    private static final String RUNNING = "<name>statename</name>\n<value><string>RUNNING</string>";

    private RpcBench() {
    }

    public static void main(String[] args) throws Exception {
        int programs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int cpuCalls = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        List<String> daemons = List.of((args.length > 3 ? args[3] : "drover,supervisord").split(","));
        Path script = Files.createTempDirectory("drover-rpcbench").resolve("rpcbench.py");
        try (InputStream in = RpcBench.class.getResourceAsStream("rpcbench.py")) {
            Files.write(script, in.readAllBytes());
        }
        for (String daemon : daemons) {
            List<String> command = switch (daemon) {
                case "drover" -> List.of(System.getProperty("drover.bench.launcher", "ops/target/drover/bin/drover"));
                case "supervisord" -> List.of(System.getProperty("drover.bench.supervisord", "/usr/bin/supervisord"));
                default -> throw new IllegalArgumentException("unknown daemon " + daemon + " (drover, supervisord)");
            };
            Run run = new Run(daemon, command.get(0), programs);
            try {
                System.out.println("== " + daemon + ", " + programs + " programs; load " + loadAverage());
                run.start();
                run.awaitRunning();
                int status = new ProcessBuilder("python3", script.toString(), run.url(), run.conf().toString(),
                        String.valueOf(run.daemon.pid()), String.valueOf(programs), String.valueOf(rounds),
                        String.valueOf(cpuCalls)).inheritIO().start().waitFor();
                if (status != 0) {
                    System.out.println("python script exited " + status);
                }
                System.out.println("   load after: " + loadAverage());
            } finally {
                run.stop();
            }
        }
    }

    static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    /** One daemon with its config in a temp dir. */
    private static final class Run {
        final String name;
        final String launcher;
        final int programs;
        final Path dir;
        final int port;
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Process daemon;
        final List<Long> childPids = new ArrayList<>();

        Run(String name, String launcher, int programs) throws IOException {
            this.name = name;
            this.launcher = launcher;
            this.programs = programs;
            this.dir = Files.createTempDirectory("drover-rpcbench-" + name);
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                this.port = s.getLocalPort();
            }
            StringBuilder conf = new StringBuilder()
                    .append("[supervisord]\nlogfile=").append(dir.resolve("d.log"))
                    .append("\npidfile=").append(dir.resolve("d.pid"))
                    .append("\nchildlogdir=").append(dir).append("\nminfds=8192\nuser=root\n\n")
                    .append("[inet_http_server]\nport=127.0.0.1:").append(port).append("\n\n")
                    .append("[rpcinterface:supervisor]\n")
                    .append("supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n")
                    .append("[supervisorctl]\nserverurl=").append(url()).append("\n\n");
            for (int i = 0; i < programs; i++) {
                conf.append("[program:p").append(i).append("]\ncommand=sleep 100000\nstartsecs=0\n")
                        .append("stdout_logfile=NONE\nstderr_logfile=NONE\n\n");
            }
            Files.writeString(conf(), conf);
        }

        Path conf() {
            return dir.resolve("supervisord.conf");
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        void start() throws IOException {
            daemon = new ProcessBuilder(launcher, "-n", "-c", conf().toString())
                    .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectErrorStream(true).start();
        }

        String getAllProcessInfo() throws IOException, InterruptedException {
            String body = "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getAllProcessInfo"
                    + "</methodName>\n<params>\n</params>\n</methodCall>\n";
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + "/RPC2"))
                    .header("Content-Type", "text/xml").timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        }

        void awaitRunning() throws Exception {
            long t0 = System.nanoTime();
            long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
            int running = 0;
            while (true) {
                if (!daemon.isAlive()) {
                    throw new IllegalStateException(name + " exited: " + Files.readString(dir.resolve("stdout.txt")));
                }
                try {
                    String all = getAllProcessInfo();
                    running = count(all, RUNNING);
                    if (running == programs) {
                        Matcher m = PID.matcher(all);
                        while (m.find()) {
                            childPids.add(Long.parseLong(m.group(1)));
                        }
                        break;
                    }
                } catch (IOException notYetListening) {
                    // the server is not up yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + ": only " + running + "/" + programs + " RUNNING");
                }
                Thread.sleep(250);
            }
            System.out.printf("   all RUNNING after %.1f s (daemon pid %d)%n", (System.nanoTime() - t0) / 1e9,
                    daemon.pid());
        }

        static int count(String s, String fragment) {
            int n = 0;
            for (int i = s.indexOf(fragment); i >= 0; i = s.indexOf(fragment, i + 1)) {
                n++;
            }
            return n;
        }

        void stop() throws Exception {
            if (daemon != null && daemon.isAlive()) {
                daemon.destroy();
                if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                    daemon.waitFor(10, TimeUnit.SECONDS);
                }
            }
            int left = 0;
            for (long pid : childPids) {
                var handle = ProcessHandle.of(pid);
                if (handle.isPresent() && handle.get().isAlive()) {
                    handle.get().destroyForcibly();
                    left++;
                }
            }
            if (left > 0) {
                System.out.println("   killed " + left + " programs left behind by " + name);
            }
        }
    }
}
