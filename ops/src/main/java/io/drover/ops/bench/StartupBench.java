package io.drover.ops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node's startup/steady-state benchmark against the real distribution, side by side with the real supervisord
 * on the same config (not part of the test suite):
 *
 * <pre>
 * ./mvnw -q -B -DskipTests package
 * java -cp 'ops/target/drover/lib/*' io.drover.ops.bench.StartupBench [programs=1000] [kills=200]
 *     [-Ddrover.bench.launcher=ops/target/drover/bin/drover] [-Ddrover.bench.supervisord=/usr/bin/supervisord|none]
 * </pre>
 *
 * Writes a config of {@code programs} {@code sleep} programs (startsecs=0, no log files), runs
 * {@code LAUNCHER -n -s -c FILE} and reports: time until all are RUNNING (from the launch, and from the daemon's
 * {@code supervisord started} line), RSS (read {@link Run#SETTLE_MS} after all are RUNNING, see there) and threads, idle CPU over 10 s, kill -9 → respawn latency (p50/p99, from
 * the daemon log's millisecond timestamps) and SIGTERM shutdown time; then the same with 100 programs for shutdown
 * and the RSS per extra program. Each side runs alone (one after the other); the machine's load average is printed
 * with the results, since a loaded machine slows both.
 */
public final class StartupBench {

    private static final Pattern STAMP = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) ");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");
    private static final long CLK_TCK = 100;

    private StartupBench() {
    }

    /** What one side measured. */
    private record Result(String name, long runningAfterLaunchMs, long runningAfterStartedMs, double rss1000Mb,
                          long threads1000, double idleCpu, long[] kill, double rss100Mb, long threads100,
                          double perProgramKib, long shutdown100Ms) {
    }

    public static void main(String[] args) throws Exception {
        int programs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int kills = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<Result> results = new ArrayList<>();
        results.add(side("drover", Path.of(System.getProperty("drover.bench.launcher",
                "ops/target/drover/bin/drover")), programs, kills));
        String supervisord = System.getProperty("drover.bench.supervisord", "/usr/bin/supervisord");
        if (!supervisord.equals("none") && Files.isExecutable(Path.of(supervisord))) {
            results.add(side("supervisord", Path.of(supervisord), programs, kills));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-44s", "measure (" + programs + " programs; target)");
        results.forEach(r -> System.out.printf(Locale.ROOT, "%14s", r.name()));
        System.out.println();
        row(results, "all RUNNING after launch, ms (<= 1000)", r -> Long.toString(r.runningAfterLaunchMs()));
        row(results, "all RUNNING after 'started' line, ms", r -> Long.toString(r.runningAfterStartedMs()));
        row(results, "kill -9 -> new pid p50, ms (<= 5)", r -> Long.toString(r.kill()[0]));
        row(results, "kill -9 -> new pid p99, ms (<= 20)", r -> Long.toString(r.kill()[1]));
        row(results, "kill -9 -> new pid max, ms", r -> Long.toString(r.kill()[2]));
        row(results, "idle CPU, % of a core (<= 0.5)", r -> String.format(Locale.ROOT, "%.2f", r.idleCpu()));
        row(results, "RSS at " + programs + ", MB (<= 150)", r -> String.format(Locale.ROOT, "%.1f", r.rss1000Mb()));
        row(results, "RSS at 100, MB", r -> String.format(Locale.ROOT, "%.1f", r.rss100Mb()));
        row(results, "RSS per extra program, KiB (<= 12)",
                r -> String.format(Locale.ROOT, "%.1f", r.perProgramKib()));
        row(results, "threads at 100 / " + programs, r -> r.threads100() + " / " + r.threads1000());
        row(results, "SIGTERM shutdown of 100, ms (<= 1000)", r -> Long.toString(r.shutdown100Ms()));
        System.out.println("load average at the end: " + Files.readString(Path.of("/proc/loadavg")).trim());
    }

    private static void row(List<Result> results, String label, java.util.function.Function<Result, String> f) {
        System.out.printf(Locale.ROOT, "%-44s", label);
        results.forEach(r -> System.out.printf(Locale.ROOT, "%14s", f.apply(r)));
        System.out.println();
    }

    private static Result side(String name, Path launcher, int programs, int kills) throws Exception {
        System.out.println("== " + name + " (" + launcher + "), " + programs + " programs; load average "
                + Files.readString(Path.of("/proc/loadavg")).trim());
        Run big = new Run(launcher, programs);
        long running;
        long runningStarted;
        double rss1000;
        long threads1000;
        double idle;
        long[] kill;
        try {
            big.start();
            big.awaitRunning();
            running = big.runningAfterLaunchMs;
            runningStarted = big.runningAfterStartedMs;
            System.out.printf(Locale.ROOT, "all RUNNING: %d ms after launch, %d ms after 'supervisord started'%n",
                    running, runningStarted);
            rss1000 = big.rssKb() / 1024.0;
            threads1000 = big.threads();
            System.out.printf(Locale.ROOT, "RSS %.1f MB, threads %d%n", rss1000, threads1000);
            idle = big.idleCpuPercent(10);
            System.out.printf(Locale.ROOT, "idle CPU over 10 s: %.2f%% of a core%n", idle);
            kill = big.killLatencies(kills);
        } finally {
            big.stop();
        }
        System.out.println("== " + name + ", 100 programs (shutdown, RSS per program)");
        Run small = new Run(launcher, 100);
        long rss100;
        long threads100;
        long shutdown;
        try {
            small.start();
            small.awaitRunning();
            rss100 = small.rssKb();
            threads100 = small.threads();
            System.out.printf(Locale.ROOT, "RSS at 100: %.1f MB, threads %d; per extra program: %.1f KiB%n",
                    rss100 / 1024.0, threads100, (big.rssAtRunningKb - rss100) / (double) (programs - 100));
        } finally {
            shutdown = small.stop();
            System.out.printf(Locale.ROOT, "SIGTERM shutdown of 100: %d ms%n", shutdown);
        }
        return new Result(name, running, runningStarted, rss1000, threads1000, idle, kill, rss100 / 1024.0,
                threads100, (big.rssAtRunningKb - rss100) / (double) (programs - 100), shutdown);
    }

    /** One daemon with its config in a temp dir (FootprintBench runs it too). */
    static final class Run {
        /**
         * How long after all-RUNNING the RSS is read: bin/drover trims the malloc heap once a second, so an RSS read
         * at the all-RUNNING moment depends on whether a trim fell before it (~13 MB at 1000 programs; the 100-program
         * run, up in a fraction of a second, often had none), which made the per-program difference meaningless.
         * The JVM hands its freed arena chunks to malloc only every 5 s (its chunk pool cleaner), and the next trim
         * returns them: 7 s covers one whole cycle after the start burst.
         */
        static final long SETTLE_MS = 7000;
        final Path launcher;
        final int programs;
        final Path dir;
        /** Added to the daemon's environment (e.g. {@code DROVER_JAVA_OPTS}). */
        final java.util.Map<String, String> environment = new java.util.HashMap<>();
        Process daemon;
        long launchedAt;
        long runningAfterLaunchMs;
        long runningAfterStartedMs;
        /** RSS {@link #SETTLE_MS} after all-RUNNING (what the results report). */
        long rssAtRunningKb;
        /** RSS at the all-RUNNING moment. */
        long rssAtAllRunningKb;

        Run(Path launcher, int programs) throws IOException {
            this.launcher = launcher;
            this.programs = programs;
            this.dir = Files.createTempDirectory("drover-bench");
            StringBuilder conf = new StringBuilder("[supervisord]\nlogfile=" + dir.resolve("d.log") + "\npidfile="
                    + dir.resolve("d.pid") + "\nchildlogdir=" + dir + "\nminfds=" + (programs * 4 + 64) + "\n\n");
            for (int i = 0; i < programs; i++) {
                conf.append("[program:p").append(i).append("]\ncommand=sleep 100000\nstartsecs=0\n")
                        .append("stdout_logfile=NONE\nstderr_logfile=NONE\n\n");
            }
            Files.writeString(dir.resolve("supervisord.conf"), conf);
        }

        void start() throws IOException {
            launchedAt = System.currentTimeMillis();
            ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "-n", "-s", "-c",
                    dir.resolve("supervisord.conf").toString())
                    .redirectOutput(dir.resolve("stdout.txt").toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            daemon = builder.start();
        }

        void awaitRunning() throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (count("success: ") < programs) {
                if (System.nanoTime() > deadline || !daemon.isAlive()) {
                    throw new IllegalStateException("not all RUNNING: " + count("success: ") + "/" + programs);
                }
                Thread.sleep(5);
            }
            long doneAt = System.currentTimeMillis();
            runningAfterLaunchMs = doneAt - launchedAt;
            List<String> lines = Files.readAllLines(dir.resolve("d.log"));
            long started = 0;
            long lastSuccess = 0;
            for (String l : lines) {
                if (l.contains("supervisord started with pid")) {
                    started = stamp(l);
                } else if (l.contains("success: ")) {
                    lastSuccess = Math.max(lastSuccess, stamp(l));
                }
            }
            runningAfterStartedMs = lastSuccess - started;
            rssAtAllRunningKb = rssKb();
            Thread.sleep(SETTLE_MS);
            rssAtRunningKb = rssKb();
        }

        int count(String fragment) throws IOException {
            Path log = dir.resolve("d.log");
            if (!Files.exists(log)) {
                return 0;
            }
            String s = Files.readString(log);
            int n = 0;
            for (int i = s.indexOf(fragment); i >= 0; i = s.indexOf(fragment, i + 1)) {
                n++;
            }
            return n;
        }

        long rssKb() throws IOException {
            return statusField("VmRSS:");
        }

        long threads() throws IOException {
            return statusField("Threads:");
        }

        long statusField(String name) throws IOException {
            for (String l : Files.readAllLines(Path.of("/proc/" + daemon.pid() + "/status"))) {
                if (l.startsWith(name)) {
                    return Long.parseLong(l.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
            return -1;
        }

        long cpuTicks() throws IOException {
            String stat = Files.readString(Path.of("/proc/" + daemon.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }

        double idleCpuPercent(int seconds) throws Exception {
            long t0 = cpuTicks();
            long n0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long t1 = cpuTicks();
            double wall = (System.nanoTime() - n0) / 1e9;
            return 100.0 * (t1 - t0) / CLK_TCK / wall;
        }

        /** kill -9 a random program, wait for its new pid in the log; latency from the log's timestamps. */
        long[] killLatencies(int kills) throws Exception {
            Pattern spawned = Pattern.compile("^(\\S+ \\S+) INFO spawned: '(p\\d+)' with pid (\\d+)$",
                    Pattern.MULTILINE);
            List<Long> latencies = new ArrayList<>();
            for (int k = 0; k < kills; k++) {
                String log = Files.readString(dir.resolve("d.log"));
                String name = "p" + ThreadLocalRandom.current().nextInt(programs);
                long pid = -1;
                Matcher m = spawned.matcher(log);
                int spawnsOfName = 0;
                while (m.find()) {
                    if (m.group(2).equals(name)) {
                        pid = Long.parseLong(m.group(3));
                        spawnsOfName++;
                    }
                }
                long killedAt = System.currentTimeMillis();
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                long respawnStamp = -1;
                while (respawnStamp < 0 && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                    Matcher again = spawned.matcher(Files.readString(dir.resolve("d.log")));
                    int seen = 0;
                    while (again.find()) {
                        if (again.group(2).equals(name) && ++seen > spawnsOfName) {
                            respawnStamp = parse(again.group(1));
                        }
                    }
                }
                if (respawnStamp < 0) {
                    throw new IllegalStateException(name + " was not respawned");
                }
                latencies.add(Math.max(0, respawnStamp - killedAt));
            }
            Collections.sort(latencies);
            System.out.printf(Locale.ROOT, "kill -9 -> respawn (%d kills, ms resolution): p50 %d ms, p99 %d ms, max %d ms%n",
                    kills, latencies.get(latencies.size() / 2), latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1),
                    latencies.get(latencies.size() - 1));
            return new long[] {latencies.get(latencies.size() / 2),
                    latencies.get((int) Math.ceil(latencies.size() * 0.99) - 1), latencies.get(latencies.size() - 1)};
        }

        /** SIGTERM and wait; returns how long the daemon took to exit. Removes the run's directory. */
        long stop() throws Exception {
            if (daemon == null || !daemon.isAlive()) {
                removeDir();
                return 0;
            }
            List<ProcessHandle> children = daemon.descendants().toList();
            long t0 = System.nanoTime();
            daemon.destroy();
            if (!daemon.waitFor(60, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // A daemon killed after 60 s leaves its programs behind: never leave them running.
            children.forEach(ProcessHandle::destroyForcibly);
            removeDir();
            return ms;
        }

        private void removeDir() throws IOException {
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }

        private static long stamp(String line) {
            Matcher m = STAMP.matcher(line);
            return m.find() ? parse(m.group(1)) : 0;
        }

        private static long parse(String s) {
            return LocalDateTime.parse(s, FORMAT).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        }
    }
}
