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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The build's class-data-sharing training run (see the ops pom): run under {@code -XX:ArchiveClassesAtExit}, it
 * starts a small daemon in this JVM (foreground, a unix socket, a few programs), drives it with droverctl's own code
 * ({@code status}, {@code pid}, {@code tail}, {@code stop}, {@code start}, {@code shutdown}) and returns, so the
 * archive holds the classes both launchers load before their first useful work. bin/drover and bin/droverctl map
 * the archive when it is there and still matches the jars, and start as before otherwise.
 *
 * <p>Never fails the build: whatever goes wrong, it says so on stderr and exits 0 (the archive is an optimisation).
 */
public final class CdsTraining {
    private static final long DEADLINE_SECONDS = 30;

    private CdsTraining() {
    }

    /**
     * {@code CdsTraining ARCHIVE}: runs the training in a child JVM that dumps to a temporary file, and moves that
     * file to ARCHIVE only once the child has exited well: the JVM crashes on a truncated archive, so a build
     * interrupted mid-dump must leave none. Without an argument: the training itself.
     */
    public static void main(String[] args) {
        if (args.length == 1) {
            dump(Path.of(args[0]));
        } else {
            train();
        }
    }

    private static void dump(Path archive) {
        Path tmp = archive.resolveSibling(archive.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(archive); // a stale archive would only be refused
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:ArchiveClassesAtExit=" + tmp, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                    "-cp", System.getProperty("java.class.path"), CdsTraining.class.getName())
                    .inheritIO().start();
            if (!p.waitFor(2 * DEADLINE_SECONDS + 30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("the training JVM did not finish");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tmp) || Files.size(tmp) == 0) {
                throw new IllegalStateException("the training JVM exited " + p.exitValue() + " without an archive");
            }
            Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Exception e) {
            System.err.println("drover: no class data sharing archive (the launchers start without it): " + e);
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to clean
            }
        }
    }

    private static void train() {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("drover-cds");
            train(dir);
        } catch (Exception | AssertionError e) {
            System.err.println("drover CDS training incomplete (the archive will hold fewer classes): " + e);
        } finally {
            if (dir != null) {
                removeQuietly(dir);
            }
        }
    }

    private static void train(Path dir) throws Exception {
        Path sock = dir.resolve("s.sock");
        StringBuilder conf = new StringBuilder()
                .append("[supervisord]\nlogfile=").append(dir.resolve("d.log")).append("\npidfile=")
                .append(dir.resolve("d.pid")).append("\nchildlogdir=").append(dir).append("\n\n")
                .append("[unix_http_server]\nfile=").append(sock).append("\n\n")
                .append("[rpcinterface:supervisor]\n")
                .append("supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n")
                .append("[supervisorctl]\nserverurl=unix://").append(sock).append("\n\n");
        for (int i = 0; i < 4; i++) {
            conf.append("[program:p").append(i).append("]\ncommand=sleep 1000\nstartsecs=0\n");
            if (i > 0) {
                conf.append("stdout_logfile=NONE\nstderr_logfile=NONE\n");
            }
            conf.append('\n');
        }
        Path file = dir.resolve("supervisord.conf");
        Files.writeString(file, conf);
        String c = file.toString();

        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        Thread daemon = new Thread(() -> new DroverMain(quiet, quiet, "drover").run(new String[] {"-n", "-s", "-c", c}),
                "cds-training-daemon");
        daemon.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        try {
            // status exits 0 once every program is RUNNING.
            while (ctl(quiet, "-c", c, "status") != 0) {
                if (System.nanoTime() > deadline || !daemon.isAlive()) {
                    throw new IllegalStateException("the training daemon did not start its programs");
                }
                Thread.sleep(20);
            }
            ctl(quiet, "-c", c, "pid");
            ctl(quiet, "-c", c, "pid", "all");
            ctl(quiet, "-c", c, "tail", "p0");
            ctl(quiet, "-c", c, "stop", "p1");
            ctl(quiet, "-c", c, "start", "p1");
            ctl(quiet, "-c", c, "avail");
            ctl(quiet, "-c", c, "help");
        } finally {
            ctl(quiet, "-c", c, "shutdown");
            daemon.join(TimeUnit.SECONDS.toMillis(DEADLINE_SECONDS));
        }
        if (daemon.isAlive()) {
            throw new IllegalStateException("the training daemon did not shut down");
        }
    }

    private static int ctl(PrintStream quiet, String... argv) {
        return new DroverCtl(quiet, quiet, InputStream.nullInputStream(), "droverctl").run(argv);
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
