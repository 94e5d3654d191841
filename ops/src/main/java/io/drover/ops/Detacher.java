package io.drover.ops;

import io.drover.config.SupervisorConfig;
import io.drover.node.NodeRuntime;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * supervisord's daemonize for a JVM, which cannot fork: start the same command line again in a new session
 * ({@code setsid}), with the configured umask and directory, stdin/stdout on /dev/null and a marker in its
 * environment, and return 0 once it has written
 * its pidfile (or its exit code if it dies first, after showing what it printed on stderr).
 */
final class Detacher {

    private static final long STARTUP_DEADLINE_NANOS = 120_000_000_000L;

    private Detacher() {
    }

    static int detach(SupervisorConfig cfg, PrintStream err) {
        List<String> self;
        try {
            self = ownCommandLine();
        } catch (IOException e) {
            err.println("Error: cannot daemonize: the JVM's command line is unknown (" + e.getMessage() + "); use -n");
            return 2;
        }
        // supervisord's daemonize also sets the daemon's umask ([supervisord] umask / -m, default 022).
        List<String> cmd = new ArrayList<>(List.of("setsid", "sh", "-c",
                "umask " + String.format("%03o", cfg.daemon().umask()) + " && exec \"$@\"", "drover"));
        if (ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-Xrs")) {
            // Keep the launcher's signal routing: the daemon reads its signals from a signalfd.
            cmd.addAll(List.of("env", "--block-signal=HUP", "--block-signal=INT", "--block-signal=QUIT",
                    "--block-signal=TERM", "--block-signal=USR2", "_JAVA_SR_SIGNUM=39"));
        }
        cmd.addAll(self);
        Path stderr = null;
        try {
            stderr = Files.createTempFile("drover-daemon-", ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd);
            pb.environment().put(NodeRuntime.DAEMONIZED_MARKER, "1");
            cfg.daemon().directory().ifPresent(d -> pb.directory(d.toFile()));
            pb.redirectInput(new File("/dev/null"));
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.redirectError(stderr.toFile());
            Process child = pb.start();
            return awaitStarted(child, cfg.daemon().pidfile(), stderr, err);
        } catch (IOException e) {
            err.println("Error: cannot daemonize: " + e.getMessage());
            return 2;
        } finally {
            if (stderr != null) {
                try {
                    Files.deleteIfExists(stderr);
                } catch (IOException e) {
                    // a temp file
                }
            }
        }
    }

    /** This JVM's executable and arguments, from /proc (ProcessHandle.Info drops long argument lists). */
    private static List<String> ownCommandLine() throws IOException {
        String exe = Files.readSymbolicLink(Path.of("/proc/self/exe")).toString();
        byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
        List<String> argv = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == 0) {
                argv.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (argv.isEmpty()) {
            throw new IOException("empty /proc/self/cmdline");
        }
        argv.set(0, exe);
        return argv;
    }

    /** Polls (this is the short-lived launcher, not the daemon) until the pidfile names the child. */
    private static int awaitStarted(Process child, Path pidfile, Path stderr, PrintStream err) throws IOException {
        String expected = Long.toString(child.pid());
        long deadline = System.nanoTime() + STARTUP_DEADLINE_NANOS;
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                err.print(Files.readString(stderr, StandardCharsets.UTF_8));
                return child.exitValue();
            }
            if (Files.exists(pidfile) && Files.readString(pidfile).trim().equals(expected)) {
                return 0;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        err.println("Error: the daemon (pid " + expected + ") did not start within "
                + STARTUP_DEADLINE_NANOS / 1_000_000_000L + " s");
        return 1;
    }
}
