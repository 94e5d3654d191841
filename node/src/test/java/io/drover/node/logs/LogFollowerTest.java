package io.drover.node.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogFollowerTest {
    @TempDir
    Path dir;

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    private static void append(Path p, String text) throws IOException {
        Files.writeString(p, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Test
    void startsHeadBytesBeforeTheEndAndReturnsWhatIsAppended() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "0123456789");
        try (LogFollower f = LogFollower.open(log, 4)) {
            assertEquals("6789", s(f.more()));
            assertEquals("", s(f.more()));
            append(log, "abc");
            assertEquals("abc", s(f.more()));
        }
    }

    @Test
    void aShortFileIsReadFromItsStart() throws IOException {
        Path log = dir.resolve("a.log");
        append(log, "short");
        try (LogFollower f = LogFollower.open(log, LogFollower.DEFAULT_HEAD)) {
            assertEquals("short", s(f.more()));
        }
    }

    @Test
    void followsRotationAndReportsTruncation() throws IOException {
        Path log = dir.resolve("a.log");
        try (RotatingLogFile w = RotatingLogFile.open(log, 10, 2); LogFollower f = LogFollower.open(log, 1024)) {
            w.write("12345".getBytes());
            assertEquals("12345", s(f.more()));
            w.write("6789012".getBytes()); // reaches maxbytes: rotated
            w.write("new".getBytes());
            assertEquals("new", s(f.more()), "the new file is followed from its start, as supervisord does");
            w.clear();
            w.write("n".getBytes());
            assertEquals("n", s(f.more()), "clear recreates the file: a new inode, followed from 0");
            try (var ch = java.nio.channels.FileChannel.open(log, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            assertEquals("==> File truncated <==\n", s(f.more()));
            w.write("xy".getBytes());
            assertEquals("xy", s(f.more()));
        }
    }
}
