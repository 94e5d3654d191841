package io.drover.node.logs;

import io.drover.config.LogChannelSpec;
import io.drover.config.LogTarget;
import io.drover.node.os.Child;
import io.drover.node.os.ChildListener;
import io.drover.node.os.ExitStatus;
import io.drover.node.os.OsLayer;
import io.drover.node.os.SpawnRequest;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Not a test: real children through the os layer's epoll reactor into {@link LogChannel}s, each channel driven by a
 * single-thread executor standing in for its ProcessActor (one hand-off per chunk, as a {@code tell} would be).
 * Reports the JVM's CPU only (the children's own CPU is theirs, as it would be under supervisord).
 * {@code java -cp <node classes + test classes + deps> io.drover.node.logs.PipelineBenchmark [dir]}
 */
public final class PipelineBenchmark {
    private PipelineBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory(args.length > 0 ? Path.of(args[0]) : Path.of("/tmp"), "pipebench");
        try (OsLayer os = OsLayer.start()) {
            chatty(os, dir, 256L << 20, false);
            clean(dir);
            for (int i = 0; i < 2; i++) {
                chatty(os, dir, 1L << 30, true);
                clean(dir);
            }
            fifty(os, dir);
        } finally {
            clean(dir);
            Files.deleteIfExists(dir.resolve("writer.py"));
            Files.deleteIfExists(dir);
        }
        System.exit(0);
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Feeds one child's stdout into one channel through a single-threaded executor (the actor's stand-in). */
    private static final class Feed implements ChildListener {
        final LogChannel channel;
        final ExecutorService actor;
        final CompletableFuture<Void> eof = new CompletableFuture<>();
        long chunks; // reactor thread only

        Feed(LogChannel channel, ExecutorService actor) {
            this.channel = channel;
            this.actor = actor;
        }

        @Override
        public void onOutput(Stream stream, byte[] data) {
            chunks++;
            actor.execute(() -> channel.write(data));
        }

        @Override
        public void onEof(Stream stream) {
            if (stream == Stream.STDOUT) {
                actor.execute(() -> {
                    channel.endOfStream();
                    eof.complete(null);
                });
            }
        }

        @Override
        public void onExit(ExitStatus status) {
        }
    }

    private static SpawnRequest request(String command) {
        return new SpawnRequest(command, Map.of("PATH", "/usr/bin:/bin"), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.empty());
    }

    private static void chatty(OsLayer os, Path dir, long bytes, boolean report) throws Exception {
        LogChannelSpec spec = new LogChannelSpec(new LogTarget.File(dir.resolve("chatty.log")), 50_000_000, 5, 0,
                false, false, false);
        ExecutorService actor = Executors.newSingleThreadExecutor();
        try (LogChannel ch = LogChannel.builder("chatty", "stdout", spec).open()) {
            Feed feed = new Feed(ch, actor);
            String line = "x".repeat(99);
            long cpu0 = cpuNanos();
            long t0 = System.nanoTime();
            Child child = os.launcher().spawn(request("sh -c 'yes " + line + " | head -c " + bytes + "'"), feed);
            feed.eof.get(10, TimeUnit.MINUTES);
            double secs = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuNanos() - cpu0) / 1e9;
            double gib = bytes / (double) (1L << 30);
            long logged = Files.size(dir.resolve("chatty.log"));
            for (int i = 1; i <= 5; i++) {
                Path b = dir.resolve("chatty.log." + i);
                logged += Files.exists(b) ? Files.size(b) : 0;
            }
            if (report) {
                System.out.printf("real child (yes | head -c), reactor -> executor -> LogChannel: %.2f GiB in %.2f s "
                        + "= %.0f MiB/s, daemon %.2f CPU-s/GiB (%d chunks of %d bytes on average; %d bytes kept in "
                        + "log+5 backups; pid %d)%n", gib, secs, bytes / secs / (1 << 20), cpu / gib, feed.chunks,
                        bytes / Math.max(1, feed.chunks), logged, child.pid());
            }
        } finally {
            actor.shutdown();
        }
    }

    private static void fifty(OsLayer os, Path dir) throws Exception {
        Path writer = dir.resolve("writer.py");
        Files.writeString(writer, String.join("\n",
                "import os, time",
                "line = b'y' * 99 + b'\\n'",
                "t = time.monotonic()",
                "end = t + 12",
                "while t < end:",
                "    os.write(1, line)",
                "    t += 0.001",
                "    d = t - time.monotonic()",
                "    if d > 0:",
                "        time.sleep(d)",
                ""));
        List<Feed> feeds = new ArrayList<>();
        List<ExecutorService> actors = new ArrayList<>();
        boolean shared = Boolean.getBoolean("bench.sharedThread");
        ExecutorService one = Executors.newSingleThreadExecutor();
        actors.add(one);
        for (int i = 0; i < 50; i++) {
            LogChannelSpec spec = new LogChannelSpec(new LogTarget.File(dir.resolve("w" + i + ".log")), 50_000_000,
                    5, 0, false, false, false);
            ExecutorService actor = shared ? one : Executors.newSingleThreadExecutor();
            actors.add(actor);
            Feed f = new Feed(LogChannel.builder("w" + i, "stdout", spec).open(), actor);
            feeds.add(f);
            os.launcher().spawn(request("/usr/bin/python3 " + writer), f);
        }
        Thread.sleep(1000); // benchmark warm-up period, not a wait for an outcome
        long cpu0 = cpuNanos();
        long bytes0 = totalBytes(dir);
        long t0 = System.nanoTime();
        Thread.sleep(10_000); // the measuring window
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        long lines = (totalBytes(dir) - bytes0) / 100;
        System.out.printf("50 real writers (python, paced at 1000 lines/s each), %s: %.0f lines/s logged, daemon "
                + "%.1f%% of one core%n", shared ? "one shared consumer thread" : "a consumer thread per channel",
                lines / secs, 100 * cpu / secs);
        for (Feed f : feeds) {
            f.eof.get(60, TimeUnit.SECONDS);
            f.channel.close();
        }
        actors.forEach(ExecutorService::shutdown);
    }

    private static long totalBytes(Path dir) throws java.io.IOException {
        long n = 0;
        try (var s = Files.list(dir)) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("w\\d+\\.log")).toList()) {
                n += Files.size(p);
            }
        }
        return n;
    }

    private static void clean(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.getFileName().toString().endsWith(".py")) {
                    Files.delete(p);
                }
            }
        }
    }
}
