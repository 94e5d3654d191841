package io.drover.ops;

import io.drover.config.SupervisorConfig;
import io.drover.node.NodeRuntime;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * supervisord's daemonize for a JVM, which cannot fork: start the same command line again in a new session
 * ({@code setsid}), with the configured umask and directory, stdin/stdout on /dev/null and a marker in its
 * environment, and return 0 once its first pass has begun — servers bound, pidfile written or its failure logged — which
 * it reports with {@link #READY} on its stdout, a pipe to this launcher (or its exit code if it dies first, after
 * showing what it printed on stderr). An unwritable pidfile (e.g. {@code user=nobody} and a pidfile in /run) is only
 * logged, as supervisord does, and does not keep the launcher waiting.
 */
final class Detacher {

    private static final long STARTUP_DEADLINE_SECONDS = 120;

    /** The line the detached daemon prints on its stdout once its first pass has begun. */
    static final String READY = "drover: daemon started";

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
            // The marker carries the config file's absolute path: the daemon starts in another directory.
            Path source = cfg.source() == null ? null : cfg.source().toAbsolutePath();
            pb.environment().put(NodeRuntime.DAEMONIZED_MARKER,
                    source != null && Files.isRegularFile(source) ? source.toString() : "1");
            cfg.daemon().directory().ifPresent(d -> pb.directory(d.toFile()));
            pb.redirectInput(new File("/dev/null"));
            pb.redirectOutput(ProcessBuilder.Redirect.PIPE);
            pb.redirectError(stderr.toFile());
            Process child = pb.start();
            return awaitStarted(child, stderr, err);
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

    /** Waits for {@link #READY} on the child's stdout, or for its end (then its stderr is shown). */
    private static int awaitStarted(Process child, Path stderr, PrintStream err) throws IOException {
        CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> readyLine(child));
        boolean started;
        try {
            started = ready.get(STARTUP_DEADLINE_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            err.println("Error: the daemon (pid " + child.pid() + ") did not start within "
                    + STARTUP_DEADLINE_SECONDS + " s");
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException e) {
            started = false;
        }
        if (started) {
            return 0;
        }
        try {
            child.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        err.print(Files.readString(stderr, StandardCharsets.UTF_8));
        return child.exitValue();
    }

    /** True once the child printed {@link #READY}; false at end of stream (it exited, or closed its stdout). */
    private static boolean readyLine(Process child) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.equals(READY)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * In the detached daemon, once its first pass has begun: tells the launcher, then sends the JVM's stdout to
     * /dev/null (the launcher is about to exit and close the pipe).
     */
    static void reportReady() {
        System.out.println(READY);
        System.out.flush();
        try {
            System.setOut(new PrintStream(new java.io.FileOutputStream("/dev/null"), true, StandardCharsets.UTF_8));
        } catch (IOException e) {
            // keep the pipe: a closed pipe only fails writes nobody reads
        }
    }
}
