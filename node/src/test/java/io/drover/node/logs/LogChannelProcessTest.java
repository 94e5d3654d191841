package io.drover.node.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.config.LogChannelSpec;
import io.drover.config.LogTarget;
import io.drover.node.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real children writing through real pipes into channels. Until the epoll reactor lands, a test thread per pipe
 * stands in for it; each channel is still driven by exactly one thread, as an actor would.
 */
class LogChannelProcessTest {
    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killChildren() throws Exception {
        for (Process p : started) {
            ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroyForcibly);
            p.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    private Process start(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).start();
        started.add(p);
        p.getOutputStream().close();
        return p;
    }

    /** Feeds a pipe into a channel until EOF, as the reactor and ProcessActor will. */
    private static CompletableFuture<Void> pump(InputStream in, LogChannel ch) {
        return CompletableFuture.runAsync(() -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    ch.write(Arrays.copyOf(buf, n));
                }
                ch.endOfStream();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
    }

    private static byte[] backupsThenCurrent(Path log) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int n = 0;
        while (Files.exists(log.resolveSibling(log.getFileName() + "." + (n + 1)))) {
            n++;
        }
        for (int i = n; i >= 1; i--) {
            all.writeBytes(Files.readAllBytes(log.resolveSibling(log.getFileName() + "." + i)));
        }
        all.writeBytes(Files.readAllBytes(log));
        return all.toByteArray();
    }

    private static LogChannelSpec rotating(Path log, long maxbytes, int backups, boolean timestamps) {
        return new LogChannelSpec(new LogTarget.File(log), maxbytes, backups, 0, false, false, timestamps);
    }

    @Test
    void interleavedStdoutAndStderrLandInTheirOwnRotatedFiles() throws Exception {
        Path out = dir.resolve("out.log");
        Path err = dir.resolve("err.log");
        Process p = start("sh", "-c", "i=1; while [ $i -le 3000 ]; do echo \"out $i\"; echo \"err $i\" >&2; "
                + "i=$((i+1)); done");
        try (LogChannel o = LogChannel.builder("w", "stdout", rotating(out, 4096, 100, false)).open();
             LogChannel e = LogChannel.builder("w", "stderr", rotating(err, 4096, 100, false)).open()) {
            CompletableFuture.allOf(pump(p.getInputStream(), o), pump(p.getErrorStream(), e)).get(60, TimeUnit.SECONDS);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        StringBuilder wantOut = new StringBuilder();
        StringBuilder wantErr = new StringBuilder();
        for (int i = 1; i <= 3000; i++) {
            wantOut.append("out ").append(i).append('\n');
            wantErr.append("err ").append(i).append('\n');
        }
        assertEquals(wantOut.toString(), new String(backupsThenCurrent(out), StandardCharsets.US_ASCII));
        assertEquals(wantErr.toString(), new String(backupsThenCurrent(err), StandardCharsets.US_ASCII));
        assertTrue(Files.exists(dir.resolve("out.log.2")), "rotation happened");
    }

    @Test
    void binaryOutputOfAChildIsKeptByteExactAcrossRotations() throws Exception {
        byte[] input = new byte[3_000_000];
        new Random(11).nextBytes(input);
        Path src = dir.resolve("input.bin");
        Files.write(src, input);
        Path log = dir.resolve("bin.log");
        Process p = start("cat", src.toString());
        try (LogChannel ch = LogChannel.builder("b", "stdout", rotating(log, 100_000, 100, false)).open()) {
            pump(p.getInputStream(), ch).get(60, TimeUnit.SECONDS);
        }
        assertArrayEquals(input, backupsThenCurrent(log));
        assertTrue(Files.exists(dir.resolve("bin.log.20")));
        assertTrue(Files.size(dir.resolve("bin.log.1")) >= 100_000);
    }

    @Test
    void aWriterExitingMidLineKeepsThePartialLineWithTimestamps() throws Exception {
        Path log = dir.resolve("ts.log");
        try (LogChannel ch = LogChannel.builder("t", "stdout", rotating(log, 0, 0, true)).open()) {
            Process p = start("sh", "-c", "printf 'first\\nsecond '; sleep 0.05; printf 'half\\npartial'");
            pump(p.getInputStream(), ch).get(30, TimeUnit.SECONDS);
            Process q = start("printf", "again\\n");
            pump(q.getInputStream(), ch).get(30, TimeUnit.SECONDS);
        }
        List<String> lines = Files.readAllLines(log);
        assertEquals(4, lines.size(), lines.toString());
        String stamp = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d ";
        assertTrue(lines.get(0).matches(stamp + "first"), lines.get(0));
        assertTrue(lines.get(1).matches(stamp + "second half"), lines.get(1));
        assertTrue(lines.get(2).matches(stamp + "partial"), lines.get(2));
        assertTrue(lines.get(3).matches(stamp + "again"), lines.get(3));
    }

    @Test
    void captureMarkersWrittenInPiecesByAChildBecomeOneCommunication() throws Exception {
        Path log = dir.resolve("cap.log");
        LogChannelTest.Recorder r = new LogChannelTest.Recorder();
        Process p = start("sh", "-c", "printf 'x<!--XSUPER'; sleep 0.05; printf 'VISOR:BEGIN-->da'; sleep 0.05; "
                + "printf 'ta<!--XSUPERVISOR:E'; sleep 0.05; printf 'ND-->y\\n'");
        try (LogChannel ch = LogChannel.builder("c", "stdout",
                new LogChannelSpec(new LogTarget.File(log), 0, 0, 1024, false, false, false)).events(r).open()) {
            pump(p.getInputStream(), ch).get(30, TimeUnit.SECONDS);
        }
        assertEquals("xy\n", Files.readString(log));
        assertEquals(List.of("stdout:data"), r.comms);
    }

    @Test
    void aFileMovedAwayByLogrotateIsRecreatedWhileAChildWrites() throws Exception {
        Path log = dir.resolve("lr.log");
        Path fifoDone = dir.resolve("go");
        Process p = start("sh", "-c", "echo one; while [ ! -e \"$0\" ]; do sleep 0.01; done; echo two", fifoDone.toString());
        try (LogChannel ch = LogChannel.builder("l", "stdout", rotating(log, 0, 0, false)).open()) {
            CompletableFuture<Void> done = pump(p.getInputStream(), ch);
            Eventually.await(Duration.ofSeconds(10), () -> size(log) == 4, () -> "first line not logged");
            Files.move(log, dir.resolve("lr.log.1"));
            ch.reopen(); // what SIGUSR2 after logrotate does (the owner's thread would do it; the pump is idle here)
            Files.writeString(fifoDone, "");
            done.get(30, TimeUnit.SECONDS);
        }
        assertEquals("one\n", Files.readString(dir.resolve("lr.log.1")));
        assertEquals("two\n", Files.readString(log));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
