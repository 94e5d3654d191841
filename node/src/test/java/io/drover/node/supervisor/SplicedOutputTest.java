package io.drover.node.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Plain log channels (a file, nothing else looking at the bytes; loglevel info so nothing is echoed): the actor
 * takes the child's pipe and splices it into the file. Real children, real pipes, byte for byte.
 */
class SplicedOutputTest {

    /** The current file and its backups, oldest first. */
    private static byte[] joined(Path log, int backups) {
        try {
            return joinedOrFail(log, backups);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static byte[] joinedOrFail(Path log, int backups) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = backups; i >= 1; i--) {
            Path b = log.resolveSibling(log.getFileName() + "." + i);
            if (Files.exists(b)) {
                all.write(Files.readAllBytes(b));
            }
        }
        all.write(Files.readAllBytes(log));
        return all.toByteArray();
    }

    private static String numbered(int count) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < count; i++) {
            sb.append(String.format("%07d ", i)).append("x".repeat(40)).append('\n');
        }
        return sb.toString();
    }

    @Test
    void aFastWriterIsLoggedByteExactAcrossRotationsThroughAnEnlargedPipe() throws Exception {
        // 60,000 lines of 49 bytes (2.9 MB) as fast as python writes them, then its stdout pipe's size
        Path script = Files.createTempFile("fast-writer", ".py");
        Files.writeString(script, """
                import fcntl, os, sys, time
                data = b"".join(b"%07d " % i + b"x" * 40 + b"\\n" for i in range(60000))
                for o in range(0, len(data), 8192):
                    os.write(1, data[o:o + 8192])
                with open(sys.argv[1], "w") as f:
                    f.write(str(fcntl.fcntl(1, 1032)))  # F_GETPIPE_SZ
                os.close(1)
                time.sleep(30)
                """);
        String body = "[program:fast]\ncommand=python3 " + script + " %(here)s/pipesize\n"
                + "stdout_logfile=%(here)s/fast.log\nstdout_logfile_maxbytes=256KB\nstdout_logfile_backups=40\n"
                + "stderr_logfile=%(here)s/fast.err\nstartsecs=0\nautorestart=false\n";
        try (NodeHarness h = NodeHarness.startAtInfo(body)) {
            Path log = h.dir.resolve("fast.log");
            byte[] want = numbered(60000).getBytes(StandardCharsets.US_ASCII);
            // Polled until equal (a read racing a rotation sees a backup twice or a file gone).
            Eventually.await(Duration.ofSeconds(20), () -> assertEquals(new String(want, StandardCharsets.US_ASCII),
                    new String(joined(log, 40), StandardCharsets.US_ASCII)));
            for (int i = 1; Files.exists(log.resolveSibling("fast.log." + i)); i++) {
                assertTrue(Files.size(log.resolveSibling("fast.log." + i)) >= 256 * 1024, "backup " + i);
            }
            assertTrue(Files.exists(log.resolveSibling("fast.log.2")), "rotated");
            Eventually.await(Duration.ofSeconds(10), "pipe size reported",
                    () -> h.dir.resolve("pipesize").toFile().length() > 0);
            assertEquals("1048576", Files.readString(h.dir.resolve("pipesize")),
                    "a fast writer's pipe is enlarged, which only the splice path does");
            assertEquals("", Files.readString(h.dir.resolve("fast.err")));
        } finally {
            Files.deleteIfExists(script);
        }
    }

    @Test
    void whatAWriterWroteBeforeExitingMidLineIsLoggedBeforeItsExit() throws Exception {
        String body = "[program:quit]\ncommand=sh -c 'printf \"first\\nhalf a li\"; printf \"ne\" >&2; exit 3'\n"
                + "stdout_logfile=%(here)s/quit.log\nstderr_logfile=%(here)s/quit.err\n"
                + "startsecs=0\nautorestart=false\nexitcodes=0\n";
        try (NodeHarness h = NodeHarness.startAtInfo(body)) {
            h.awaitState("quit", "EXITED", Duration.ofSeconds(10));
            // EXITED is only reported after the pipes were drained into the files
            assertEquals("first\nhalf a li", Files.readString(h.dir.resolve("quit.log")));
            assertEquals("ne", Files.readString(h.dir.resolve("quit.err")));
        }
    }

    @Test
    void aSlowWritersBatchedLinesAllArrive() throws Exception {
        // a line every 30 ms: each turn finds a little, so its pipe is re-armed on the reactor's 20 ms tick
        String body = "[program:slow]\ncommand=sh -c 'for i in 1 2 3 4 5 6 7 8 9 10; do echo slow-$i; sleep 0.03; done; "
                + "exec sleep 30'\nstdout_logfile=%(here)s/slow.log\nstartsecs=0\nautorestart=false\n";
        try (NodeHarness h = NodeHarness.startAtInfo(body)) {
            Path log = h.dir.resolve("slow.log");
            Eventually.await(Duration.ofSeconds(10), "the first line", () -> joined(log, 0).length > 0);
            Eventually.await(Duration.ofSeconds(10), "the tenth line",
                    () -> new String(joined(log, 0), StandardCharsets.US_ASCII).endsWith("slow-10\n"));
            StringBuilder want = new StringBuilder();
            for (int i = 1; i <= 10; i++) {
                want.append("slow-").append(i).append('\n');
            }
            assertEquals(want.toString(), Files.readString(log));
        }
    }

    @Test
    void programsSharingOneFileNeverOverwriteEachOther() throws Exception {
        // four fast writers at once into one file: a seek-then-splice would overwrite another's appends
        String body = "[program:w]\nprocess_name=w%(process_num)d\nnumprocs=4\n"
                + "command=sh -c 'seq 0 99999 | sed s/^/w%(process_num)d-/; exec sleep 30'\n"
                + "stdout_logfile=%(here)s/shared.log\nstdout_logfile_maxbytes=0\nstartsecs=0\nautorestart=false\n";
        long each = 0;
        for (int i = 0; i < 100000; i++) {
            each += ("w0-" + i + "\n").length();
        }
        long total = 4 * each;
        try (NodeHarness h = NodeHarness.startAtInfo(body)) {
            Path log = h.dir.resolve("shared.log");
            // chunks of different writers may split each other's lines (as in supervisord), but no byte is lost:
            // an overwrite would leave the file short of the total forever
            Eventually.await(Duration.ofSeconds(30), "all " + total + " bytes logged",
                    () -> log.toFile().length() >= total);
            String text = Files.readString(log);
            assertEquals(total, Files.size(log), () -> "NULs " + text.chars().filter(c -> c == 0).count()
                    + ", lines " + text.lines().count() + ", w0-0 at " + text.indexOf("w0-0\n") + " and "
                    + text.indexOf("w0-0\n", text.indexOf("w0-0\n") + 1));
            for (int w = 0; w < 4; w++) {
                int n = 0;
                for (int at = text.indexOf("w" + w + "-"); at >= 0; at = text.indexOf("w" + w + "-", at + 1)) {
                    n++;
                }
                assertTrue(n >= 99000, "w" + w + "'s prefix appears about once per line: " + n);
            }
        }
    }

    @Test
    void redirectedStderrKeepsTheChildsOwnInterleaving() throws Exception {
        String body = "[program:both]\ncommand=sh -c 'i=0; while [ $i -lt 2000 ]; do echo out-$i; echo err-$i >&2; "
                + "i=$((i+1)); done; exec sleep 30'\n"
                + "stdout_logfile=%(here)s/both.log\nredirect_stderr=true\nstdout_logfile_maxbytes=8KB\n"
                + "stdout_logfile_backups=100\nstartsecs=0\nautorestart=false\n";
        try (NodeHarness h = NodeHarness.startAtInfo(body)) {
            StringBuilder want = new StringBuilder();
            for (int i = 0; i < 2000; i++) {
                want.append("out-").append(i).append('\n').append("err-").append(i).append('\n');
            }
            Path log = h.dir.resolve("both.log");
            // Polled until equal: a read that races a rotation sees a backup twice or a file gone, so neither a
            // length reached nor one read after it proves anything; a lost or reordered line never gets equal.
            Eventually.await(Duration.ofSeconds(20), () -> assertEquals(want.toString(),
                    new String(joined(log, 100), StandardCharsets.US_ASCII)));
        }
    }
}
