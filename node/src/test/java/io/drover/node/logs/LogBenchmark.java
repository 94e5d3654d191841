package io.drover.node.logs;

import io.drover.config.LogChannelSpec;
import io.drover.config.LogTarget;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a test: {@code java -cp <node test classpath> io.drover.node.logs.LogBenchmark [dir]}.
 *
 * <ol>
 *   <li>One chatty writer: 1 GiB of 100-byte lines through a {@link LogChannel} (maxbytes=50MB, backups=5), in
 *       chunks of 64 KiB (what a reader gets from a full pipe) and 4 KiB; MiB/s and process CPU-seconds per GiB.</li>
 *   <li>50 writers at 1000 lines/s each: one thread (standing in for the actors) hands each channel one 100-byte
 *       line per millisecond for 10 s; process CPU as % of one core.</li>
 * </ol>
 * This measures the log machinery alone (no pipes, reactor or actors).
 */
public final class LogBenchmark {
    private static final long GIB = 1L << 30;

    private LogBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of("/tmp"), "logbench");
        try {
            chatty(dir, 64 * 1024, true); // warm-up
            clean(dir);
            for (int run = 0; run < 3; run++) {
                chatty(dir, Integer.getInteger("bench.chunk", 64 * 1024), false);
                clean(dir);
            }
            chatty(dir, 4 * 1024, false);
            clean(dir);
            fifty(dir);
        } finally {
            clean(dir);
            Files.deleteIfExists(dir);
        }
    }

    private static byte[] lines(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (i % 100 == 99) ? (byte) '\n' : (byte) ('a' + i % 26);
        }
        return b;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void chatty(Path dir, int chunkSize, boolean warmup) throws IOException {
        LogChannelSpec spec = new LogChannelSpec(new LogTarget.File(dir.resolve("chatty.log")), 50_000_000,
                Integer.getInteger("bench.backups", 5), 0, false, false, false);
        long total = warmup ? GIB / 4 : GIB;
        byte[] chunk = lines(chunkSize - chunkSize % 100);
        long cpu0 = cpuNanos();
        long[] ticks0 = userSysTicks();
        long t0 = System.nanoTime();
        long written = 0;
        try (LogChannel ch = LogChannel.builder("chatty", "stdout", spec).open()) {
            while (written < total) {
                ch.write(chunk); // the reactor's own copy out of the pipe is its cost, not the log's
                written += chunk.length;
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        double gib = written / (double) GIB;
        long[] ticks1 = userSysTicks();
        if (!warmup) {
            System.out.printf("chatty writer, %d-byte chunks of 100-byte lines: %.2f GiB in %.2f s = %.0f MiB/s, "
                    + "%.2f CPU-s/GiB (process CPU; user %.2f s, sys %.2f s)%n", chunk.length, gib, secs,
                    written / secs / (1 << 20), cpu / gib, (ticks1[0] - ticks0[0]) / 100.0,
                    (ticks1[1] - ticks0[1]) / 100.0);
        }
    }

    /** utime and stime of this process in clock ticks (USER_HZ = 100), from /proc/self/stat. */
    private static long[] userSysTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    }

    private static void fifty(Path dir) throws IOException {
        List<LogChannel> channels = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            LogChannelSpec spec = new LogChannelSpec(new LogTarget.File(dir.resolve("w" + i + ".log")), 50_000_000,
                    5, 0, false, false, false);
            channels.add(LogChannel.builder("w" + i, "stdout", spec).open());
        }
        byte[] line = lines(100);
        for (int warm = 0; warm < 2000; warm++) {
            for (LogChannel ch : channels) {
                ch.write(line.clone());
            }
        }
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        long lines = 0;
        long tick = t0;
        long end = t0 + 10_000_000_000L;
        while (tick < end) {
            for (LogChannel ch : channels) {
                ch.write(line.clone());
                lines++;
            }
            tick += 1_000_000;
            long wait = tick - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        for (LogChannel ch : channels) {
            ch.close();
        }
        System.out.printf("50 writers: %d lines in %.2f s = %.0f lines/s, %.1f%% of one core (process CPU)%n", lines,
                secs, lines / secs, 100 * cpu / secs);
    }

    private static void clean(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
