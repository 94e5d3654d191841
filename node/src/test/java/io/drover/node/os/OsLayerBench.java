package io.drover.node.os;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measurements, not a test (not matched by surefire's default includes):
 * {@code ./mvnw -q -pl node test -Dtest=OsLayerBench -Ddrover.bench=true}. Reactor CPU while 200 children idle, and
 * one chatty writer's throughput and reactor CPU per GiB.
 */
class OsLayerBench {

    @Test
    @EnabledIfSystemProperty(named = "drover.bench", matches = "true")
    void measure() throws Exception {
        try (OsLayer os = OsLayer.start()) {
            spawnCost(os, "direct", Optional.empty(), Optional.empty());
            spawnCost(os, "umask trampoline", Optional.of(022), Optional.empty());
            spawnCost(os, "user trampoline", Optional.empty(), Optional.of("nobody"));
            idle(os);
            throughput(os);
        }
    }

    private static void idle(OsLayer os) throws Exception {
        List<Child> children = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                children.add(os.launcher().spawn(SpawnerTest.request("/bin/sleep 1000"), new Recorder()));
            }
            Path reactor = reactorTask();
            long ticks0 = cpuTicks(reactor);
            long wall0 = System.nanoTime();
            TimeUnit.SECONDS.sleep(10);
            long ticks = cpuTicks(reactor) - ticks0;
            double seconds = (System.nanoTime() - wall0) / 1e9;
            System.out.printf("reactor idle with 200 children: %d clock ticks in %.1f s (%.3f%% of a core)%n", ticks,
                    seconds, ticks / 100.0 / seconds * 100);
        } finally {
            children.forEach(c -> c.signal(9));
        }
    }

    private static void spawnCost(OsLayer os, String label, Optional<Integer> umask, Optional<String> user)
            throws Exception {
        int n = 300;
        long spawnNanos = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Recorder r = new Recorder();
            long s0 = System.nanoTime();
            os.launcher().spawn(new SpawnRequest("/bin/true", SpawnerTest.env(), Optional.empty(), umask, user,
                    false, Optional.empty()), r);
            spawnNanos += System.nanoTime() - s0;
            r.awaitExit(java.time.Duration.ofSeconds(10));
        }
        double total = (System.nanoTime() - t0) / 1e6 / n;
        System.out.printf("%s: spawn() %.0f us, spawn to exit %.2f ms (sequential, %d runs)%n", label,
                spawnNanos / 1e3 / n, total, n);
    }

    private static void throughput(OsLayer os) throws Exception {
        long bytes = 2L << 30;
        AtomicLong received = new AtomicLong();
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        Path reactor = reactorTask();
        long ticks0 = cpuTicks(reactor);
        long t0 = System.nanoTime();
        os.launcher().spawn(SpawnerTest.request("/usr/bin/head -c " + bytes + " /dev/zero"), new ChildListener() {
            @Override
            public void onOutput(Stream stream, byte[] data) {
                received.addAndGet(data.length);
            }

            @Override
            public void onEof(Stream stream) {
            }

            @Override
            public void onExit(ExitStatus status) {
                exit.complete(status);
            }
        });
        exit.get(5, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuTicks(reactor) - ticks0) / 100.0;
        System.out.printf("one writer, %d MiB: %.0f MiB/s, reactor %.2f CPU-s per GiB%n", received.get() >> 20,
                received.get() / 1048576.0 / seconds, cpu / (received.get() / 1073741824.0));
    }

    private static Path reactorTask() throws Exception {
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                if (Files.readString(task.resolve("comm")).trim().equals("drover-reactor")) {
                    return task;
                }
            }
        }
        throw new IllegalStateException("no drover-reactor thread");
    }

    /** utime + stime of a thread, in clock ticks (1/100 s). */
    private static long cpuTicks(Path task) throws Exception {
        String stat = Files.readString(task.resolve("stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
