package io.drover.node.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.testing.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RotatingLogFileTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private Path backup(Path log, int n) {
        return log.resolveSibling(log.getFileName() + "." + n);
    }

    private List<String> names() throws IOException {
        try (var s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writeToMaxbytesMinusOneDoesNotRotate() throws IOException {
        Path log = dir.resolve("a.log");
        try (RotatingLogFile f = RotatingLogFile.open(log, 100, 3)) {
            f.write(bytes(99, 1));
            assertEquals(99, size(log));
            assertEquals(List.of("a.log"), names());
        }
    }

    @Test
    void writeReachingMaxbytesRotatesAfterTheWrite() throws IOException {
        Path log = dir.resolve("a.log");
        byte[] data = bytes(100, 2);
        try (RotatingLogFile f = RotatingLogFile.open(log, 100, 3)) {
            f.write(data, 0, 99);
            f.write(data, 99, 1);
            assertEquals(List.of("a.log", "a.log.1"), names());
            assertEquals(0, size(log));
            assertArrayEquals(data, Files.readAllBytes(backup(log, 1)));
        }
    }

    @Test
    void writePastMaxbytesKeepsTheWholeWriteInTheBackup() throws IOException {
        Path log = dir.resolve("a.log");
        try (RotatingLogFile f = RotatingLogFile.open(log, 100, 3)) {
            f.write(bytes(99, 3));
            f.write(bytes(2, 4));
            assertEquals(101, size(backup(log, 1)));
            assertEquals(0, size(log));
            f.write(bytes(1, 5));
            assertEquals(1, size(log));
        }
    }

    @Test
    void chunkLargerThanMaxbytesIsNeverSplit() throws IOException {
        Path log = dir.resolve("a.log");
        byte[] big = bytes(1000, 6);
        try (RotatingLogFile f = RotatingLogFile.open(log, 100, 3)) {
            f.write(big);
            assertArrayEquals(big, Files.readAllBytes(backup(log, 1)));
            assertEquals(0, size(log));
        }
    }

    @Test
    void existingFileSizeCountsTowardsMaxbytes() throws IOException {
        Path log = dir.resolve("a.log");
        Files.write(log, bytes(95, 7));
        try (RotatingLogFile f = RotatingLogFile.open(log, 100, 3)) {
            f.write(bytes(4, 8));
            assertEquals(99, size(log));
            f.write(bytes(1, 9));
            assertEquals(100, size(backup(log, 1)));
        }
    }

    @Test
    void backupsShiftNewestIsDotOneAndNeverMoreThanBackups() throws IOException {
        Path log = dir.resolve("a.log");
        try (RotatingLogFile f = RotatingLogFile.open(log, 10, 3)) {
            for (int i = 0; i < 6; i++) {
                byte[] b = new byte[10];
                java.util.Arrays.fill(b, (byte) ('0' + i));
                f.write(b);
            }
            assertEquals(List.of("a.log", "a.log.1", "a.log.2", "a.log.3"), names());
            assertEquals("5555555555", Files.readString(backup(log, 1)));
            assertEquals("4444444444", Files.readString(backup(log, 2)));
            assertEquals("3333333333", Files.readString(backup(log, 3)));
        }
    }

    @Test
    void backupsZeroTruncatesInPlace() throws IOException {
        Path log = dir.resolve("a.log");
        try (RotatingLogFile f = RotatingLogFile.open(log, 10, 0)) {
            f.write(bytes(12, 10));
            assertEquals(List.of("a.log"), names());
            assertEquals(0, size(log));
            f.write("abc".getBytes());
            assertEquals("abc", Files.readString(log));
        }
    }

    @Test
    void maxbytesZeroNeverRotates() throws IOException {
        Path log = dir.resolve("a.log");
        try (RotatingLogFile f = RotatingLogFile.open(log, 0, 5)) {
            for (int i = 0; i < 100; i++) {
                f.write(bytes(1000, i));
            }
            assertEquals(List.of("a.log"), names());
            assertEquals(100_000, size(log));
            assertFalse(f.rotates());
        }
    }

    @Test
    void backupsPlusCurrentConcatenateToTheInputByteForByte() throws IOException {
        Path log = dir.resolve("a.log");
        Random r = new Random(42);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (RotatingLogFile f = RotatingLogFile.open(log, 4096, 1000)) {
            for (int i = 0; i < 500; i++) {
                byte[] b = bytes(1 + r.nextInt(700), i); // binary, including NUL and newlines
                all.write(b);
                f.write(b);
            }
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        List<String> ns = names();
        int backups = ns.size() - 1;
        for (int i = backups; i >= 1; i--) {
            byte[] b = Files.readAllBytes(backup(log, i));
            assertTrue(b.length >= 4096, "backup ." + i + " has " + b.length + " bytes, fewer than maxbytes");
            joined.write(b);
        }
        joined.write(Files.readAllBytes(log));
        assertArrayEquals(all.toByteArray(), joined.toByteArray());
    }

    @Test
    void reopenRecreatesAFileMovedAway() throws IOException {
        Path log = dir.resolve("a.log");
        try (RotatingLogFile f = RotatingLogFile.open(log, 0, 0, Long.MAX_VALUE)) {
            f.write("before\n".getBytes());
            Files.move(log, dir.resolve("a.log.moved"));
            f.write("still old\n".getBytes()); // supervisord keeps the old file until SIGUSR2
            f.reopen();
            f.write("after\n".getBytes());
        }
        assertEquals("before\nstill old\n", Files.readString(dir.resolve("a.log.moved")));
        assertEquals("after\n", Files.readString(log));
    }

    @Test
    void aMovedFileIsNoticedOnTheNextWriteWithoutReopen() throws IOException {
        Path log = dir.resolve("a.log");
        try (RotatingLogFile f = RotatingLogFile.open(log, 0, 0, 0)) {
            f.write("one\n".getBytes());
            Files.move(log, dir.resolve("a.log.1"));
            f.write("two\n".getBytes());
            Files.delete(log);
            f.write("three\n".getBytes());
        }
        assertEquals("one\n", Files.readString(dir.resolve("a.log.1")));
        assertEquals("three\n", Files.readString(log));
    }

    @Test
    void copytruncateIsNoticedAndDoesNotCauseEarlyRotation() throws IOException {
        Path log = dir.resolve("a.log");
        try (RotatingLogFile f = RotatingLogFile.open(log, 100, 2, 0)) {
            f.write(bytes(90, 1));
            try (var ch = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            f.write(bytes(20, 2));
            assertEquals(List.of("a.log"), names());
            assertEquals(20, size(log));
        }
    }

    @Test
    void twoWritersOnOneFileLoseNothingAndDoNotRotateEachOthersNewFile() throws IOException {
        Path log = dir.resolve("both.log");
        List<String> written = new java.util.ArrayList<>();
        try (RotatingLogFile out = RotatingLogFile.open(log, 100, 100, Long.MAX_VALUE);
             RotatingLogFile err = RotatingLogFile.open(log, 100, 100, Long.MAX_VALUE)) {
            for (int i = 0; i < 60; i++) {
                String line = String.format("%s line %03d of 30 bytes.....%n", i % 2 == 0 ? "out" : "err", i);
                written.add(line);
                (i % 2 == 0 ? out : err).write(line.getBytes());
            }
        }
        List<String> found = new java.util.ArrayList<>();
        long total = 0;
        for (String n : names()) {
            String text = Files.readString(dir.resolve(n));
            total += text.length();
            text.lines().forEach(l -> found.add(l + "\n"));
        }
        assertEquals(written.size() * 30L, total);
        java.util.Collections.sort(found);
        List<String> expected = new java.util.ArrayList<>(written);
        java.util.Collections.sort(expected);
        assertEquals(expected, found, "every write exactly once");
        for (String n : names()) {
            if (!n.equals("both.log")) {
                assertTrue(Files.size(dir.resolve(n)) >= 100, n + " is a backup smaller than maxbytes");
            }
        }
    }

    @Test
    void clearRemovesTheCurrentFileAndKeepsBackupsAsSupervisordDoes() throws IOException {
        Path log = dir.resolve("a.log");
        try (RotatingLogFile f = RotatingLogFile.open(log, 10, 2)) {
            f.write(bytes(10, 1));
            f.write("partial".getBytes());
            f.clear();
            assertEquals(0, size(log));
            assertTrue(Files.exists(backup(log, 1)));
            f.write("new".getBytes());
            assertEquals("new", Files.readString(log));
        }
    }

    @Test
    void devNullIsWrittenAndNeverRotated() throws IOException {
        try (RotatingLogFile f = RotatingLogFile.open(Path.of("/dev/null"), 10, 2)) {
            for (int i = 0; i < 10; i++) {
                f.write(bytes(100, i));
            }
            f.clear();
            f.reopen();
            f.write(bytes(100, 99));
            assertFalse(f.rotates());
        }
        assertTrue(Files.exists(Path.of("/dev/null")));
        assertFalse(Files.exists(Path.of("/dev/null.1")));
    }

    @Test
    void fifoTargetGetsEveryByteAndIsNeverRotated() throws Exception {
        Path fifo = dir.resolve("out.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mk.waitFor());
        // The reader: a real process copying the FIFO to a file. It holds the FIFO open read-write itself, so it never
        // sees EOF while our writer closes and reopens (otherwise it could exit in between and the reopen would wait
        // for a reader forever, as opening a FIFO for writing does).
        Path copy = dir.resolve("copy");
        Process cat = new ProcessBuilder("sh", "-c", "exec 3<>\"$0\"; exec cat <&3 > \"$1\"", fifo.toString(),
                copy.toString()).start();
        try {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try (RotatingLogFile f = RotatingLogFile.open(fifo, 50, 2)) {
                for (int i = 0; i < 20; i++) {
                    byte[] b = bytes(40, i);
                    all.write(b);
                    f.write(b);
                }
                f.reopen();
                f.write("end".getBytes());
                all.write("end".getBytes());
            }
            Eventually.await(java.time.Duration.ofSeconds(10), () -> size(copy) == all.size(),
                    () -> "the reader got " + size(copy) + " of " + all.size() + " bytes");
            assertArrayEquals(all.toByteArray(), Files.readAllBytes(copy));
            assertEquals(List.of("copy", "out.fifo"), names());
        } finally {
            ProcessHandle.of(cat.pid()).ifPresent(ProcessHandle::destroyForcibly);
            cat.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void devStdoutOfAChildPipeIsWritten() throws Exception {
        // What /dev/stdout is for a daemon under systemd or docker: a path that resolves to a pipe. (This JVM's own
        // /dev/stdout is surefire's channel, so open the pipe into a child's stdin by its /proc path instead.)
        Path out = dir.resolve("piped");
        Process cat = new ProcessBuilder("sh", "-c", "cat > \"$0\"", out.toString()).start();
        try {
            Path procFd = Path.of("/proc/" + cat.pid() + "/fd/0"); // the write end is ours; reopen the pipe by path
            try (RotatingLogFile f = RotatingLogFile.open(procFd, 5, 1)) {
                f.write("hello pipe\n".getBytes());
                f.write("again\n".getBytes());
                assertFalse(f.rotates());
            }
            cat.getOutputStream().close();
            assertTrue(cat.waitFor(10, TimeUnit.SECONDS));
            assertEquals("hello pipe\nagain\n", Files.readString(out));
        } finally {
            cat.destroyForcibly();
            cat.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void devStdoutThatIsARegularFileIsAppendedTo() throws Exception {
        // `supervisord -n > out.txt`: /dev/stdout resolves to a regular file the daemon already wrote to; supervisord
        // opens it 'ab', so a child's output lands after what is there instead of overwriting it from offset 0.
        Path out = dir.resolve("daemon-stdout.txt");
        Process sh = new ProcessBuilder("sh", "-c", "printf 'daemon line\\n'; exec sleep 30")
                .redirectOutput(out.toFile()).start();
        try {
            Eventually.await(java.time.Duration.ofSeconds(10), "the child's first line",
                    () -> out.toFile().length() == "daemon line\n".length());
            try (RotatingLogFile f = RotatingLogFile.open(Path.of("/proc/" + sh.pid() + "/fd/1"), 0, 0)) {
                f.write("child output\n".getBytes());
            }
            assertEquals("daemon line\nchild output\n", Files.readString(out));
        } finally {
            sh.destroyForcibly();
            sh.onExit().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void missingDirectoryFailsWithTheReason() {
        Path log = dir.resolve("no/such/dir/a.log");
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> RotatingLogFile.open(log, 10, 1));
        assertTrue(e.toString().contains("a.log"), e.toString());
    }
}
