package io.drover.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The build's class-data-sharing training (see the ops pom): {@code CdsTraining LIBDIR} runs a small daemon (a unix
 * socket, a few programs) in one JVM and droverctl's commands against it ({@code status}, {@code pid}, {@code tail},
 * {@code stop}, {@code start}, {@code avail}, {@code help}, {@code shutdown}) in another, each under
 * {@code -XX:ArchiveClassesAtExit}, and leaves {@code LIBDIR/drover.jsa} and {@code LIBDIR/droverctl.jsa}: the
 * classes each launcher loads before its first useful work. The client gets an archive of its own because the JDK
 * relocates an archive at every start (ASLR), at a cost that grows with its size.
 *
 * <p>bin/drover and bin/droverctl map their archive when it is there and still matches the jars, and start as
 * before otherwise. An archive is moved into place only after its JVM exited well (the JVM crashes on a truncated
 * archive, so an interrupted build must leave none). Never fails the build: whatever goes wrong, it says so on
 * stderr and exits 0.
 */
public final class CdsTraining {
    /**
     * Only against a hang: each step waits for its condition (the daemon's socket, its programs RUNNING, a JVM's
     * exit after dumping) for as long as the daemon JVM lives, which on a loaded machine can take minutes.
     */
    private static final long CAP_SECONDS = 600;
    private static final String DAEMON = "--daemon";
    private static final String CLIENT = "--client";

    private CdsTraining() {
    }

    public static void main(String[] args) {
        if (args.length == 2 && args[0].equals(DAEMON)) {
            PrintStream quiet = quiet();
            System.exit(new DroverMain(quiet, quiet, "drover").run(new String[] {"-n", "-s", "-c", args[1]}));
        } else if (args.length == 3 && args[0].equals(CLIENT)) {
            System.exit(client(args[1], Long.parseLong(args[2])));
        } else if (args.length == 1) {
            dumpAll(Path.of(args[0]));
        } else {
            System.err.println("usage: CdsTraining LIBDIR");
        }
    }

    private static void dumpAll(Path lib) {
        Path dir = null;
        Path daemonTmp = lib.resolve("drover.jsa.tmp");
        Path clientTmp = lib.resolve("droverctl.jsa.tmp");
        Process daemon = null;
        try {
            for (Path p : List.of(daemonTmp, clientTmp, lib.resolve("drover.jsa"), lib.resolve("droverctl.jsa"))) {
                Files.deleteIfExists(p); // a stale archive would only be refused
            }
            dir = Files.createTempDirectory("drover-cds");
            String conf = writeConfig(dir).toString();
            daemon = jvm(daemonTmp, DAEMON, conf);
            awaitSocket(daemon, dir.resolve("s.sock"));
            Process client = jvm(clientTmp, CLIENT, conf, Long.toString(daemon.pid()));
            boolean clientDone = client.waitFor(CAP_SECONDS, TimeUnit.SECONDS);
            boolean daemonDone = daemon.waitFor(CAP_SECONDS, TimeUnit.SECONDS);
            if (!clientDone || !daemonDone) {
                client.destroyForcibly();
                throw new IllegalStateException("the training JVMs did not finish within " + CAP_SECONDS + " s");
            }
            install(daemon, daemonTmp, lib.resolve("drover.jsa"));
            install(client, clientTmp, lib.resolve("droverctl.jsa"));
        } catch (Exception e) {
            System.err.println("drover: no class data sharing archive (the launchers start without one): " + e);
        } finally {
            if (daemon != null && daemon.isAlive()) {
                // SIGTERM: the daemon stops its programs before it exits.
                daemon.destroy();
                try {
                    daemon.waitFor(CAP_SECONDS, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            for (Path p : List.of(daemonTmp, clientTmp)) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // nothing more to clean
                }
            }
            if (dir != null) {
                removeQuietly(dir);
            }
        }
    }

    /** A training JVM on this JVM's classpath (the distribution's, as the launchers give it) dumping to {@code tmp}. */
    private static Process jvm(Path tmp, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:ArchiveClassesAtExit=" + tmp, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), CdsTraining.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).inheritIO().start();
    }

    /** The daemon serves once its unix socket is there; a daemon that died or hangs ends the training. */
    private static void awaitSocket(Process daemon, Path sock) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CAP_SECONDS);
        while (!Files.exists(sock)) {
            if (!daemon.isAlive()) {
                throw new IllegalStateException("the training daemon exited " + daemon.exitValue());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the training daemon did not open its socket");
            }
            Thread.sleep(20);
        }
    }

    private static void install(Process p, Path tmp, Path archive) throws IOException {
        if (p.exitValue() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
            System.err.println("drover: no " + archive.getFileName() + " (the training JVM exited " + p.exitValue()
                    + "); its launcher starts without it");
            return;
        }
        Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static Path writeConfig(Path dir) throws IOException {
        Path sock = dir.resolve("s.sock");
        StringBuilder conf = new StringBuilder()
                .append("[supervisord]\nlogfile=").append(dir.resolve("d.log")).append("\npidfile=")
                .append(dir.resolve("d.pid")).append("\nchildlogdir=").append(dir).append("\n\n")
                .append("[unix_http_server]\nfile=").append(sock).append("\n\n")
                .append("[rpcinterface:supervisor]\n")
                .append("supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n")
                .append("[supervisorctl]\nserverurl=unix://").append(sock).append("\n\n");
        for (int i = 0; i < 4; i++) {
            conf.append("[program:p").append(i).append("]\ncommand=sleep 60\nstartsecs=0\n");
            if (i > 0) {
                conf.append("stdout_logfile=NONE\nstderr_logfile=NONE\n");
            }
            conf.append('\n');
        }
        Path file = dir.resolve("supervisord.conf");
        Files.writeString(file, conf);
        return file;
    }

    /** droverctl's everyday commands against the training daemon, then {@code shutdown}; 0 when all went. */
    private static int client(String conf, long daemonPid) {
        PrintStream quiet = quiet();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CAP_SECONDS);
        try {
            // status exits 0 once every program is RUNNING.
            while (ctl(quiet, "-c", conf, "status") != 0) {
                if (ProcessHandle.of(daemonPid).map(h -> !h.isAlive()).orElse(true)
                        || System.nanoTime() > deadline) {
                    System.err.println("drover CDS training: the daemon did not start its programs");
                    return 1;
                }
                Thread.sleep(20);
            }
            ctl(quiet, "-c", conf, "pid");
            ctl(quiet, "-c", conf, "pid", "all");
            ctl(quiet, "-c", conf, "tail", "p0");
            ctl(quiet, "-c", conf, "stop", "p1");
            ctl(quiet, "-c", conf, "start", "p1");
            ctl(quiet, "-c", conf, "avail");
            ctl(quiet, "-c", conf, "help");
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            ctl(quiet, "-c", conf, "shutdown");
        }
    }

    private static int ctl(PrintStream quiet, String... argv) {
        return new DroverCtl(quiet, quiet, InputStream.nullInputStream(), "droverctl").run(argv);
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    }

    private static void removeQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            System.err.println("drover CDS training: could not remove " + dir + ": " + e);
        }
    }
}
