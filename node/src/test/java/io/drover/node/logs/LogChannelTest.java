package io.drover.node.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.config.LogChannelSpec;
import io.drover.config.LogLevel;
import io.drover.config.LogTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogChannelTest {
    @TempDir
    Path dir;

    /** Records what the channel reports, as the ProcessActor would receive it. */
    static final class Recorder implements LogEvents {
        final ByteArrayOutputStream logged = new ByteArrayOutputStream();
        final List<String> comms = new ArrayList<>();
        final List<String> daemon = new ArrayList<>();

        @Override
        public void processLog(String channel, byte[] data) {
            logged.writeBytes(data);
        }

        @Override
        public void processCommunication(String channel, byte[] data) {
            comms.add(channel + ":" + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void daemonLog(LogLevel level, String message) {
            daemon.add(level + " " + message);
        }
    }

    private static LogChannelSpec file(Path p) {
        return new LogChannelSpec(new LogTarget.File(p), 0, 0, 0, false, false, false);
    }

    private static LogChannelSpec spec(Path p, long capture, boolean events, boolean syslog, boolean timestamps) {
        return new LogChannelSpec(p == null ? new LogTarget.None() : new LogTarget.File(p), 1 << 20, 2, capture,
                events, syslog, timestamps);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.ISO_8859_1);
    }

    @Test
    void plainChunksAreAppendedUnchanged() throws IOException {
        Path log = dir.resolve("p.log");
        try (LogChannel ch = LogChannel.builder("p", "stdout", file(log)).open()) {
            ch.write(b("hello "));
            ch.write(b("world\npartial"));
            ch.endOfStream();
            assertEquals(log, ch.logfile().orElseThrow());
        }
        assertEquals("hello world\npartial", read(log), "without timestamps nothing is added, not even a newline");
    }

    @Test
    void captureMarkersAreCutOutAtEverySplitPosition() throws IOException {
        String input = "before<!--XSUPERVISOR:BEGIN-->captured data<!--XSUPERVISOR:END-->after\n";
        byte[] all = b(input);
        for (int i = 0; i <= all.length; i++) {
            for (int j = i; j <= all.length; j += 7) {
                Path log = dir.resolve("c" + i + "_" + j + ".log");
                Recorder r = new Recorder();
                try (LogChannel ch = LogChannel.builder("p", "stdout", spec(log, 1000, true, false, false))
                        .events(r).open()) {
                    ch.write(java.util.Arrays.copyOfRange(all, 0, i));
                    ch.write(java.util.Arrays.copyOfRange(all, i, j));
                    ch.write(java.util.Arrays.copyOfRange(all, j, all.length));
                    assertFalse(ch.capturing());
                    assertEquals("before", read(log), "a tail shorter than a marker waits for more output");
                    ch.endOfStream();
                }
                String where = "split at " + i + "," + j;
                assertEquals("before" + "after\n", read(log), where);
                assertEquals(List.of("stdout:captured data"), r.comms, where);
                // supervisord raises PROCESS_LOG for captured bytes too (its _log runs in capture mode as well)
                assertEquals("beforecaptured dataafter\n", r.logged.toString(StandardCharsets.UTF_8), where);
                Files.delete(log);
            }
        }
    }

    @Test
    void captureBufferKeepsSupervisordsBoundIoRule() throws IOException {
        Recorder r = new Recorder();
        try (LogChannel ch = LogChannel.builder("p", "stdout", spec(null, 10, false, false, false))
                .events(r).open()) {
            ch.write(b("<!--XSUPERVISOR:BEGIN-->"));
            ch.write(b("0123456789abcdefghijklmnopqrstuvwxyz"));
            ch.write(b("ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
            ch.write(b("<!--XSUPERVISOR:END-->"));
        }
        // BoundIO drops as many head bytes as the new write has, then appends (checked against supervisord's BoundIO)
        assertEquals(List.of("stdout:qrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"), r.comms);
    }

    @Test
    void withoutCaptureMaxbytesMarkersAreOrdinaryOutput() throws IOException {
        Path log = dir.resolve("m.log");
        Recorder r = new Recorder();
        try (LogChannel ch = LogChannel.builder("p", "stdout", file(log)).events(r).open()) {
            ch.write(b("<!--XSUPERVISOR:BEGIN-->x<!--XSUPERVISOR:END-->"));
        }
        assertEquals("<!--XSUPERVISOR:BEGIN-->x<!--XSUPERVISOR:END-->", read(log));
        assertTrue(r.comms.isEmpty());
        assertEquals(0, r.logged.size(), "events are off");
    }

    @Test
    void shortOutputHeldForMarkerDetectionIsLoggedAtEndOfStream() throws IOException {
        Path log = dir.resolve("s.log");
        try (LogChannel ch = LogChannel.builder("p", "stdout", spec(log, 100, false, false, false)).open()) {
            ch.write(b("ok\n"));
            assertEquals("", read(log), "supervisord waits for more than a marker's length");
            ch.endOfStream();
        }
        assertEquals("ok\n", read(log));
    }

    @Test
    void stripAnsiRemovesEscapesEvenWhenSplitAcrossChunks() throws IOException {
        String input = "\u001b[1;31mred\u001b[0m plain \u001b[2Jcleared\u001bX kept\u001b";
        String expected = "red plain cleared\u001bX kept\u001b";
        byte[] all = b(input);
        for (int i = 0; i <= all.length; i++) {
            Path log = dir.resolve("a" + i + ".log");
            Recorder r = new Recorder();
            try (LogChannel ch = LogChannel.builder("p", "stderr",
                    new LogChannelSpec(new LogTarget.File(log), 0, 0, 0, true, false, false))
                    .stripAnsi(true).events(r).open()) {
                ch.write(java.util.Arrays.copyOfRange(all, 0, i));
                ch.write(java.util.Arrays.copyOfRange(all, i, all.length));
                ch.endOfStream();
            }
            assertEquals(expected, read(log), "split at " + i);
            assertEquals(expected, r.logged.toString(StandardCharsets.UTF_8), "event data is stripped too");
        }
    }

    /** Random byte strings, stripped in one piece, compared with supervisord's own stripEscapes. */
    @Test
    void stripAnsiMatchesSupervisordsStripEscapes() throws Exception {
        Random rnd = new Random(7);
        byte[] alphabet = b("\u001b[mHJKa1;x\n");
        List<byte[]> inputs = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            byte[] in = new byte[1 + rnd.nextInt(30)];
            for (int k = 0; k < in.length; k++) {
                in[k] = alphabet[rnd.nextInt(alphabet.length)];
            }
            inputs.add(in);
        }
        StringBuilder hex = new StringBuilder();
        for (byte[] in : inputs) {
            hex.append(java.util.HexFormat.of().formatHex(in)).append(' ');
        }
        String script = String.join("\n",
                "import sys",
                "from supervisor.dispatchers import stripEscapes",
                "for h in sys.stdin.read().split():",
                "    print(stripEscapes(bytes.fromhex(h)).hex())",
                "");
        Process p = new ProcessBuilder(LogReaderTest.PYTHON, "-c", script).start();
        List<String> expected;
        try {
            p.getOutputStream().write(hex.toString().getBytes());
            p.getOutputStream().close();
            expected = new String(p.getInputStream().readAllBytes()).lines().toList();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(p.exitValue() == 0, "supervisord's python package needed");
        List<String> actual = new ArrayList<>();
        for (byte[] in : inputs) {
            AnsiStripper s = new AnsiStripper();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(s.strip(in));
            out.writeBytes(s.finish());
            actual.add(java.util.HexFormat.of().formatHex(out.toByteArray()));
        }
        assertEquals(expected, actual);
    }

    @Test
    void timestampsPrefixEveryLineAcrossChunksAndEndAPartialLine() throws IOException {
        Path log = dir.resolve("t.log");
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T05:06:25.123Z"), ZoneId.of("UTC"));
        String ts = "2026-11-22T05:06:25.123+00:00 ";
        try (LogChannel ch = LogChannel.builder("p", "stdout", spec(log, 0, false, false, true))
                .clock(clock).open()) {
            ch.write(b("one\ntw"));
            ch.write(b("o\n"));
            ch.write(b("\nthree"));
            ch.endOfStream(); // the writer exited mid-line: the partial line stays, ended by a newline
            ch.write(b("next run\n"));
        }
        assertEquals(ts + "one\n" + ts + "two\n" + ts + "\n" + ts + "three\n" + ts + "next run\n", read(log));
    }

    @Test
    void timestampsUseLocalTimeWithOffset() throws IOException {
        Path log = dir.resolve("tz.log");
        Clock clock = Clock.fixed(Instant.parse("2026-06-01T23:59:59.007Z"), ZoneId.of("Europe/Berlin"));
        try (LogChannel ch = LogChannel.builder("p", "stdout", spec(log, 0, false, false, true))
                .clock(clock).open()) {
            ch.write(b("x\n"));
        }
        assertEquals("2026-06-02T01:59:59.007+02:00 x\n", read(log));
    }

    @Test
    void syslogLinesGoToTheDaemonLogWithTheProcessName() throws IOException {
        Recorder r = new Recorder();
        try (LogChannel ch = LogChannel.builder("web", "stdout", spec(null, 0, false, true, false))
                .events(r).open()) {
            assertTrue(ch.logfile().isEmpty());
            ch.write(b("line one\nline two\n"));
        }
        assertEquals(List.of("INFO web line one", "INFO web line two"), r.daemon);
    }

    @Test
    void debugEchoUsesSupervisordsWordingAndUndecodableForm() throws IOException {
        Recorder r = new Recorder();
        try (LogChannel ch = LogChannel.builder("web", "stderr", spec(null, 0, false, false, false))
                .echoToDaemonLog(true).events(r).open()) {
            ch.write(b("hi\n"));
            ch.write(new byte[] {(byte) 0xff, 'a', '\n'});
        }
        assertEquals(List.of("DEBG 'web' stderr output:\nhi\n", "DEBG 'web' stderr output:\nUndecodable: b'\\xffa\\n'"),
                r.daemon);
    }

    @Test
    void autoTargetCreatesAPrivateFileNamedAsSupervisordDoes() throws IOException {
        LogChannelSpec auto = new LogChannelSpec(new LogTarget.Auto(), 1000, 2, 0, false, false, false);
        Path p;
        try (LogChannel ch = LogChannel.builder("web_01", "stderr", auto).childlogdir(dir).identifier("sup")
                .open()) {
            p = ch.logfile().orElseThrow();
            ch.write(b("x"));
        }
        assertEquals(dir, p.getParent());
        assertTrue(p.getFileName().toString().matches("web_01-stderr---sup-[a-z0-9_]{8}\\.log"), p.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        assertEquals("x", read(p));
        assertTrue(AutoLogCleaner.matches(p.getFileName().toString(), "sup"));
    }

    @Test
    void aResolvedLogfileIsUsedAsGiven() throws IOException {
        Path chosen = dir.resolve("chosen.log");
        LogChannelSpec auto = new LogChannelSpec(new LogTarget.Auto(), 0, 0, 0, false, false, false);
        try (LogChannel ch = LogChannel.builder("p", "stdout", auto).childlogdir(dir)
                .logfile(java.util.Optional.of(chosen)).open()) {
            ch.write(b("x"));
            assertEquals(chosen, ch.logfile().orElseThrow());
        }
        assertEquals(List.of(chosen), RotatingLogFileTestSupport.list(dir), "no AUTO file was created");
        try (LogChannel ch = LogChannel.builder("p", "stdout", file(chosen)).logfile(java.util.Optional.empty())
                .open()) {
            ch.write(b("dropped"));
            assertTrue(ch.logfile().isEmpty());
        }
        assertEquals("x", read(chosen));
    }

    @Test
    void clearEmptiesTheLogAndReopenFollowsAMove() throws IOException {
        Path log = dir.resolve("r.log");
        try (LogChannel ch = LogChannel.builder("p", "stdout", file(log)).open()) {
            ch.write(b("old\n"));
            ch.clear();
            assertEquals("", read(log));
            ch.write(b("a\n"));
            Files.move(log, dir.resolve("r.log.moved"));
            ch.reopen();
            ch.write(b("b\n"));
        }
        assertEquals("a\n", read(dir.resolve("r.log.moved")));
        assertEquals("b\n", read(log));
    }

    @Test
    void aWriteFailureIsReportedOnceAndNeverThrown() throws IOException {
        Path sub = dir.resolve("sub");
        Files.createDirectories(sub);
        Path log = sub.resolve("f.log");
        Recorder r = new Recorder();
        try (LogChannel ch = LogChannel.builder("p", "stdout", file(log)).events(r).open()) {
            ch.write(b("1\n"));
            Files.delete(log);
            Files.delete(sub); // the directory is gone: reopening must fail
            ch.reopen();
            ch.write(b("2\n"));
            ch.write(b("3\n"));
            assertEquals(1, r.daemon.size(), r.daemon.toString());
            assertTrue(r.daemon.get(0).startsWith("ERRO could not reopen stdout log"), r.daemon.get(0));
            Files.createDirectories(sub);
            ch.write(b("4\n"));
        }
        assertEquals("4\n", read(log), "the channel recovers once the file can be opened again");
    }

    @Test
    void binaryBytesSurviveUntouched() throws IOException {
        Path log = dir.resolve("bin.log");
        byte[] all = new byte[70_000];
        new Random(3).nextBytes(all);
        try (LogChannel ch = LogChannel.builder("p", "stdout", file(log)).open()) {
            for (int i = 0; i < all.length; i += 4096) {
                ch.write(java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + 4096)));
            }
        }
        assertArrayEquals(all, Files.readAllBytes(log));
    }
}
