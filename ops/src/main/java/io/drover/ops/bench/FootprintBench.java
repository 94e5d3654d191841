package io.drover.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The daemon's memory footprint (not part of the test suite):
 *
 * <pre>
 * ./mvnw -q -B -DskipTests package
 * java -cp 'ops/target/drover/lib/*' io.drover.ops.bench.FootprintBench [sizes=200,600,1000,1400] [reps=3]
 *     [-Ddrover.bench.launcher=ops/target/drover/bin/drover] [-Ddrover.bench.breakdown=1000|0]
 * </pre>
 *
 * Runs StartupBench's config ({@code sleep} programs, startsecs=0, no log files) at each size, {@code reps} times
 * (sizes shuffled in each round, so a drift in the machine's load does not look like a slope), and reads VmRSS and
 * Private_Dirty when every program is RUNNING, and again 7 s later (settled, as StartupBench reads them: the
 * launcher's once-a-second malloc trim has returned what the JVM freed during the start burst). RSS per program is the slope of a least-squares line through all the runs,
 * with its standard error: StartupBench's two-point difference moves by ±2 KiB from run to run with where the
 * young collections fell (and by ±10 MB with whether a malloc trim fell before the all-RUNNING moment). Then one more run at the breakdown size with
 * {@code -XX:NativeMemoryTracking=summary} (which costs ~1 MB itself) splits the RSS: resident pages per mapping
 * kind (the class-data archives, the JVM's own code, anonymous memory), NMT's committed memory per category, glibc's
 * malloc not tracked by NMT (anonymous RSS minus what NMT accounts for) and the live heap after a full collection
 * ({@code jcmd GC.class_histogram}) with the classes that hold most of it.
 */
public final class FootprintBench {

    private FootprintBench() {
    }

    /** One daemon's numbers at all-RUNNING and {@link #SETTLE_MS} later. */
    private record Sample(int programs, long rssKb, long settledRssKb, long settledPrivateDirtyKb) {
    }

    /** As StartupBench: the launcher's malloc trim (once a second) has run by then. */
    private static final long SETTLE_MS = StartupBench.Run.SETTLE_MS;

    public static void main(String[] args) throws Exception {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "200,600,1000,1400").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path launcher = Path.of(System.getProperty("drover.bench.launcher", "ops/target/drover/bin/drover"));
        System.out.println("load average at the start: " + loadAverage());
        List<Sample> samples = new ArrayList<>();
        for (int r = 0; r < reps; r++) {
            List<Integer> order = new ArrayList<>();
            Arrays.stream(sizes).forEach(order::add);
            Collections.shuffle(order);
            for (int n : order) {
                StartupBench.Run run = new StartupBench.Run(launcher, n);
                try {
                    run.start();
                    run.awaitRunning();
                    Sample s = new Sample(n, run.rssAtAllRunningKb, run.rssKb(),
                            smapsRollup(run.daemon.pid(), "Private_Dirty:"));
                    samples.add(s);
                    System.out.printf(Locale.ROOT, "%5d programs: RSS at all-RUNNING %.1f MB (%d ms after launch); "
                                    + "%d ms later RSS %.1f MB, private dirty %.1f MB%n", n, s.rssKb() / 1024.0,
                            run.runningAfterLaunchMs, SETTLE_MS, s.settledRssKb() / 1024.0,
                            s.settledPrivateDirtyKb() / 1024.0);
                } finally {
                    run.stop();
                }
            }
        }
        System.out.println();
        fit("RSS at all-RUNNING", samples, Sample::rssKb);
        fit("RSS settled", samples, Sample::settledRssKb);
        fit("private dirty settled", samples, Sample::settledPrivateDirtyKb);
        int breakdown = Integer.getInteger("drover.bench.breakdown", 1000);
        if (breakdown > 0) {
            breakdown(launcher, breakdown);
        }
        System.out.println("load average at the end: " + loadAverage());
    }

    private static void fit(String what, List<Sample> samples, java.util.function.ToLongFunction<Sample> f) {
        int n = samples.size();
        double mx = samples.stream().mapToDouble(Sample::programs).average().orElse(0);
        double my = samples.stream().mapToDouble(f::applyAsLong).average().orElse(0);
        double sxx = 0;
        double sxy = 0;
        for (Sample s : samples) {
            sxx += (s.programs() - mx) * (s.programs() - mx);
            sxy += (s.programs() - mx) * (f.applyAsLong(s) - my);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double sse = 0;
        for (Sample s : samples) {
            double e = f.applyAsLong(s) - (intercept + slope * s.programs());
            sse += e * e;
        }
        double se = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : Double.NaN;
        Map<Integer, List<String>> bySize = new TreeMap<>();
        samples.forEach(s -> bySize.computeIfAbsent(s.programs(), k -> new ArrayList<>())
                .add(String.format(Locale.ROOT, "%.1f", f.applyAsLong(s) / 1024.0)));
        System.out.printf(Locale.ROOT, "%-23s per program %.2f KiB (± %.2f), fixed %.1f MB, fitted at 1000 %.1f MB; "
                + "MB by size %s%n", what + ":", slope, se, intercept / 1024, (intercept + slope * 1000) / 1024, bySize);
    }

    private static void breakdown(Path launcher, int programs) throws Exception {
        System.out.println();
        System.out.println("== breakdown at " + programs + " programs, " + SETTLE_MS
                + " ms after all-RUNNING (-XX:NativeMemoryTracking=summary)");
        StartupBench.Run run = new StartupBench.Run(launcher, programs);
        run.environment.put("DROVER_JAVA_OPTS", "-XX:NativeMemoryTracking=summary");
        try {
            run.start();
            run.awaitRunning();
            long pid = run.daemon.pid();
            System.out.printf(Locale.ROOT, "VmRSS %.1f MB = anonymous %.1f + file %.1f; private dirty %.1f MB; "
                            + "threads %d%n", run.statusField("VmRSS:") / 1024.0, run.statusField("RssAnon:") / 1024.0,
                    run.statusField("RssFile:") / 1024.0, smapsRollup(pid, "Private_Dirty:") / 1024.0,
                    run.threads());
            Map<String, long[]> mappings = residentByMapping(pid);
            System.out.println("resident by mapping, MB (of which anonymous, i.e. written):");
            mappings.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-48s %7.1f (%.1f)%n", k, v[0] / 1024.0,
                    v[1] / 1024.0));
            String heapBefore = jcmd(pid, "GC.heap_info");
            String nmt = jcmd(pid, "VM.native_memory", "summary");
            System.out.println("NMT committed, MB (before the full collection below):");
            Matcher m = Pattern.compile("-\\s+([A-Za-z ]+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)").matcher(nmt);
            long nmtNonShared = 0;
            while (m.find()) {
                long kb = Long.parseLong(m.group(2));
                if (kb >= 100) {
                    System.out.printf(Locale.ROOT, "  %-24s %7.1f%n", m.group(1), kb / 1024.0);
                }
                if (!m.group(1).equals("Shared class space")) {
                    nmtNonShared += kb;
                }
            }
            long anonKb = run.statusField("RssAnon:");
            long sharedAnonKb = mappings.entrySet().stream().filter(e -> e.getKey().endsWith(".jsa"))
                    .mapToLong(e -> e.getValue()[1]).sum();
            System.out.printf(Locale.ROOT, "anonymous RSS outside the archives %.1f MB; NMT committed outside them "
                            + "%.1f MB (committed is not all resident; the rest of anonymous RSS is malloc NMT does not "
                            + "see: glibc arenas' free space, jnr-ffi)%n", (anonKb - sharedAnonKb) / 1024.0,
                    nmtNonShared / 1024.0);
            System.out.println("heap (before the full collection):");
            heapBefore.lines().filter(l -> l.contains("total") || l.contains("space") || l.contains("Metaspace"))
                    .forEach(l -> System.out.println("  " + l.trim()));
            String histogram = jcmd(pid, "GC.class_histogram");
            List<String> lines = histogram.lines().toList();
            System.out.println("live heap after a full collection: " + lines.get(lines.size() - 1).trim());
            lines.stream().filter(l -> l.matches("\\s*\\d+:\\s+\\d+\\s.*")).limit(15).forEach(l -> System.out.println("  " + l));
            System.out.printf(Locale.ROOT, "VmRSS after that collection %.1f MB%n", run.rssKb() / 1024.0);
        } finally {
            run.stop();
        }
    }

    /** Resident and anonymous KiB per mapping kind: each .jsa archive, libjvm, other files, anonymous memory. */
    private static Map<String, long[]> residentByMapping(long pid) throws IOException {
        Map<String, long[]> out = new TreeMap<>();
        String kind = null;
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"))) {
            if (l.matches("^[0-9a-f]+-[0-9a-f]+ .*")) {
                String[] f = l.trim().split("\\s+", 6);
                String file = f.length > 5 ? f[5] : "";
                kind = file.endsWith(".jsa") || file.endsWith("libjvm.so") ? file
                        : file.isEmpty() || file.startsWith("[") ? "anonymous (heap, code, metaspace, malloc, stacks)"
                        : "other files (libraries, jimage, locale)";
            } else if (l.startsWith("Rss:")) {
                out.computeIfAbsent(kind, k -> new long[2])[0] += kb(l);
            } else if (l.startsWith("Anonymous:")) {
                out.computeIfAbsent(kind, k -> new long[2])[1] += kb(l);
            }
        }
        return out;
    }

    private static long smapsRollup(long pid, String field) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
            if (l.startsWith(field)) {
                return kb(l);
            }
        }
        return -1;
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    private static String jcmd(long pid, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    private static String loadAverage() throws IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
