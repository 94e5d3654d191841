package io.drover.ops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.byref.IntByReference;

/**
 * The floor under {@link StartupBench}'s "1000 programs all RUNNING after launch": how long this machine needs to
 * start N {@code sleep} children with nothing else around them (not part of the test suite).
 *
 * <pre>
 * java -cp 'ops/target/drover/lib/*' io.drover.ops.bench.SpawnFloor [programs=1000] [runs=5]
 * </pre>
 *
 * Two bare loops, each launched as a fresh process and timed from its launch to its last {@code posix_spawn}
 * returning: Python's {@code os.posix_spawn} (no JVM at all), and a JVM with the daemon's launcher flags and class-
 * data archive calling glibc's {@code posix_spawn} through jnr-ffi (its reflective binding: the cheapest to bind;
 * the daemon binds with generated stubs, which cost more at start and less per call), with no config, actor, pipe,
 * log or state. A loop kills and reaps its own children by PID before it exits. The children's own exec of {@code
 * sleep} runs on the second core while the loop spawns the next ones, as it does under the daemon.
 */
public final class SpawnFloor {

    private static final String PYTHON_LOOP = String.join("\n",
            "import os, sys, time",
            "n = int(sys.argv[1]); env = dict(os.environ); pids = []",
            "for i in range(n):",
            "    pids.append(os.posix_spawn('/usr/bin/sleep', ['sleep', '100000'], env))",
            "print('done %d' % (time.time_ns() // 1000000), flush=True)",
            "for p in pids:",
            "    os.kill(p, 9)",
            "for p in pids:",
            "    os.waitpid(p, 0)",
            "");

    /** The few glibc calls the JVM loop needs. */
    public interface Spawn {
        int posix_spawn(IntByReference pid, String path, Pointer fileActions, Pointer attr, Pointer argv,
                        Pointer envp);

        int kill(int pid, int signal);

        int waitpid(int pid, Pointer status, int options);
    }

    private SpawnFloor() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--jvm-loop")) {
            jvmLoop(Integer.parseInt(args[1]));
            return;
        }
        int programs = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path home = Path.of(System.getProperty("drover.bench.home", "ops/target/drover")).toAbsolutePath();
        Path script = Files.createTempFile("spawn-floor", ".py");
        try {
            Files.writeString(script, PYTHON_LOOP);
            List<Long> python = new ArrayList<>();
            List<Long> jvm = new ArrayList<>();
            List<Long> jvmReady = new ArrayList<>();
            for (int r = 0; r < runs; r++) {
                python.add(timed(List.of("python3", script.toString(), Integer.toString(programs)), "done ")[1]);
                long[] t = timed(jvmCommand(home, programs), "ready ");
                jvmReady.add(t[0]);
                jvm.add(t[1]);
            }
            System.out.printf(Locale.ROOT, "%d sleeps spawned, from launch to the last posix_spawn, ms (%d runs)%n",
                    programs, runs);
            System.out.printf(Locale.ROOT, "  bare Python loop:               %s%n", python);
            System.out.printf(Locale.ROOT, "  bare JVM loop (daemon's flags): %s%n", jvm);
            System.out.printf(Locale.ROOT, "    of which JVM up, libc bound:  %s%n", jvmReady);
            System.out.println("load average at the end: " + Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** The JVM with the launcher's flags and archive (bin/drover), running {@link #jvmLoop}. */
    private static List<String> jvmCommand(Path home, int programs) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        Path jsa = home.resolve("lib/drover.jsa");
        if (Files.isReadable(jsa)) {
            cmd.add("-XX:SharedArchiveFile=" + jsa);
        }
        cmd.addAll(List.of("-Xlog:cds=off", "-Xrs", "-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.1",
                "-XX:+UseSerialGC", "-Xms32m", "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",
                "-XX:NewSize=6m", "-Xss512k", "-Djnr.ffi.asm.enabled=false", "-cp", home.resolve("lib") + "/*", SpawnFloor.class.getName(),
                "--jvm-loop", Integer.toString(programs)));
        return cmd;
    }

    /**
     * Launches {@code cmd}; returns ms from the launch to its {@code <first> EPOCH_MS} line (0 if none) and to its
     * {@code done EPOCH_MS} line.
     */
    private static long[] timed(List<String> cmd, String first) throws IOException, InterruptedException {
        long launched = System.currentTimeMillis();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        long[] t = {0, -1};
        for (String line : out.split("\n")) {
            if (line.startsWith(first)) {
                t[0] = Long.parseLong(line.substring(first.length()).trim()) - launched;
            }
            if (line.startsWith("done ")) {
                t[1] = Long.parseLong(line.substring(5).trim()) - launched;
            }
        }
        if (t[1] < 0) {
            throw new IllegalStateException("no 'done' line from " + cmd + ":\n" + out);
        }
        return t;
    }

    private static void jvmLoop(int programs) {
        Spawn libc = LibraryLoader.create(Spawn.class).load("c");
        Runtime rt = Runtime.getRuntime(libc);
        List<String> env = new ArrayList<>();
        for (Map.Entry<String, String> e : System.getenv().entrySet()) {
            env.add(e.getKey() + "=" + e.getValue());
        }
        Pointer argv = strings(rt, List.of("sleep", "100000"));
        Pointer envp = strings(rt, env);
        System.out.println("ready " + System.currentTimeMillis());
        int[] pids = new int[programs];
        IntByReference pid = new IntByReference();
        for (int i = 0; i < programs; i++) {
            if (libc.posix_spawn(pid, "/usr/bin/sleep", null, null, argv, envp) != 0) {
                throw new IllegalStateException("posix_spawn failed at child " + i);
            }
            pids[i] = pid.intValue();
        }
        System.out.println("done " + System.currentTimeMillis());
        for (int p : pids) {
            libc.kill(p, 9);
        }
        for (int p : pids) {
            libc.waitpid(p, null, 0);
        }
    }

    /** A NULL-terminated {@code char *[]} in one native block (the table, then the strings). */
    private static Pointer strings(Runtime rt, List<String> strings) {
        int n = strings.size();
        List<byte[]> bytes = new ArrayList<>();
        int total = (n + 1) * Long.BYTES;
        for (String s : strings) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            bytes.add(b);
            total += b.length + 1;
        }
        Pointer block = Memory.allocateDirect(rt, total, true);
        int offset = (n + 1) * Long.BYTES;
        for (int i = 0; i < n; i++) {
            byte[] b = bytes.get(i);
            block.putAddress((long) i * Long.BYTES, block.address() + offset);
            block.put(offset, b, 0, b.length);
            offset += b.length + 1;
        }
        return block;
    }
}
