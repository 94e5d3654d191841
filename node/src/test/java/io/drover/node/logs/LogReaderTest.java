package io.drover.node.logs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogReaderTest {
    private static final long[] OFFSETS = {-1000, -101, -100, -99, -50, -1, 0, 1, 50, 99, 100, 101, 1000};
    private static final long[] LENGTHS = {-100, -1, 0, 1, 2, 49, 50, 51, 99, 100, 101, 1000};

    /** The interpreter supervisord is installed for (a pyenv python3 on PATH may not have it). */
    static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    @TempDir
    Path dir;

    private Path logOf(String content) throws IOException {
        Path p = dir.resolve("x.log");
        Files.writeString(p, content);
        return p;
    }

    private static String hundred() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            sb.append((char) ('a' + i % 26));
        }
        return sb.toString();
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void negativeOffsetWithLengthZeroIsTheLastBytes() throws Exception {
        Path p = logOf("0123456789");
        assertEquals("789", s(LogReader.read(p, -3, 0)));
        assertEquals("0123456789", s(LogReader.read(p, -30, 0)));
    }

    @Test
    void negativeLengthOrNegativeOffsetWithLengthIsBadArguments() throws Exception {
        Path p = logOf("0123456789");
        LogReadException a = assertThrows(LogReadException.class, () -> LogReader.read(p, 0, -1));
        assertEquals(LogFault.BAD_ARGUMENTS, a.fault());
        assertEquals("BAD_ARGUMENTS", a.getMessage());
        assertEquals(3, a.fault().code());
        assertEquals(LogFault.BAD_ARGUMENTS, assertThrows(LogReadException.class,
                () -> LogReader.read(p, -1, 5)).fault());
        assertEquals(LogFault.BAD_ARGUMENTS, assertThrows(LogReadException.class,
                () -> LogReader.read(p, -1, -5)).fault());
    }

    @Test
    void lengthZeroReadsToTheEndAndPastTheEndIsEmpty() throws Exception {
        Path p = logOf("0123456789");
        assertEquals("3456789", s(LogReader.read(p, 3, 0)));
        assertEquals("34", s(LogReader.read(p, 3, 2)));
        assertEquals("", s(LogReader.read(p, 10, 0)));
        assertEquals("", s(LogReader.read(p, 50, 5)));
    }

    @Test
    void missingFileOrNoneIsNoFileButTailIsEmpty() {
        Path missing = dir.resolve("missing.log");
        LogReadException e = assertThrows(LogReadException.class, () -> LogReader.read(missing, 0, 0));
        assertEquals(LogFault.NO_FILE, e.fault());
        assertEquals("NO_FILE: " + missing, e.getMessage());
        assertEquals("NO_FILE: None",
                assertThrows(LogReadException.class, () -> LogReader.read(Optional.empty(), 0, 0)).getMessage());
        LogReader.Tail t = LogReader.tail(missing, 0, 100);
        assertEquals(0, t.data().length);
        assertEquals(0, t.size());
        assertFalse(t.overflow());
        assertEquals(0, LogReader.tail(Optional.empty(), 5, 5).size());
    }

    @Test
    void tailIsAlwaysTheLastLengthBytesAndOverflowsWhenMoreWasWritten() throws Exception {
        Path p = logOf("0123456789");
        LogReader.Tail t = LogReader.tail(p, 0, 4);
        assertEquals("6789", s(t.data()));
        assertEquals(10, t.size());
        assertTrue(t.overflow());
        LogReader.Tail none = LogReader.tail(p, 10, 4);
        assertEquals("", s(none.data()));
        assertEquals(10, none.size());
        assertFalse(none.overflow());
        LogReader.Tail exact = LogReader.tail(p, 6, 4);
        assertEquals("6789", s(exact.data()));
        assertFalse(exact.overflow());
        LogReader.Tail some = LogReader.tail(p, 8, 4);
        assertEquals("6789", s(some.data()), "data is the last length bytes even when offset is later");
    }

    @Test
    void binaryDataIsReturnedUnchanged() throws Exception {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        Path p = dir.resolve("bin.log");
        Files.write(p, b);
        assertArrayEquals(b, LogReader.read(p, 0, 0));
        assertArrayEquals(java.util.Arrays.copyOfRange(b, 200, 256), LogReader.tail(p, 0, 56).data());
    }

    /** Every (offset, length) of a grid, compared with what supervisord's own readFile/tailFile answer. */
    @Test
    void everyReadAndTailAnswerMatchesSupervisordsFunctions() throws Exception {
        assumeSupervisorPython();
        for (String content : List.of(hundred(), "", "x")) {
            Path p = logOf(content);
            List<String> expected = python(p);
            List<String> actual = new ArrayList<>();
            for (long off : OFFSETS) {
                for (long len : LENGTHS) {
                    String r;
                    try {
                        r = "R " + s(LogReader.read(p, off, len));
                    } catch (LogReadException e) {
                        r = "E " + e.fault().name();
                    }
                    LogReader.Tail t = LogReader.tail(p, off, len);
                    actual.add(off + " " + len + " | " + r + " | T " + s(t.data()) + " " + t.size() + " "
                            + (t.overflow() ? "True" : "False"));
                }
            }
            assertEquals(expected, actual, "for a file of " + content.length() + " bytes");
        }
    }

    private static void assumeSupervisorPython() throws Exception {
        boolean ok;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import supervisor.options").start();
            ok = p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            p.destroyForcibly();
        } catch (IOException e) {
            ok = false;
        }
        Assumptions.assumeTrue(ok, "supervisord's python package is needed for the comparison");
    }

    private static List<String> python(Path file) throws Exception {
        String script = String.join("\n",
                "import sys",
                "from supervisor.options import readFile, tailFile",
                "fn = sys.argv[1]",
                "offs = [" + join(OFFSETS) + "]",
                "lens = [" + join(LENGTHS) + "]",
                "for o in offs:",
                "    for l in lens:",
                "        try:",
                "            r = 'R ' + readFile(fn, o, l).decode()",
                "        except ValueError as e:",
                "            r = 'E ' + e.args[0]",
                "        d, sz, ov = tailFile(fn, o, l)",
                "        print('%d %d | %s | T %s %d %s' % (o, l, r, d, sz, ov))");
        Process p = new ProcessBuilder(PYTHON, "-c", script, file.toString()).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            return out.lines().toList();
        } finally {
            p.destroyForcibly();
        }
    }

    private static String join(long[] values) {
        StringBuilder sb = new StringBuilder();
        for (long v : values) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(v);
        }
        return sb.toString();
    }
}
