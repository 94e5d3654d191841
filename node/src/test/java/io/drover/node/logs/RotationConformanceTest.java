package io.drover.node.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same writes through supervisord's own RotatingFileHandler (via its logger, as a child channel uses it) and
 * through {@link RotatingLogFile}: the resulting directories must hold the same files with the same bytes.
 */
class RotationConformanceTest {
    @TempDir
    Path dir;

    @Test
    void sameWritesGiveTheSameFilesAsSupervisord() throws Exception {
        long[][] settings = {{100, 3}, {100, 0}, {1, 2}, {37, 5}, {0, 4}, {250, 1}};
        Random rnd = new Random(5);
        for (long[] s : settings) {
            List<byte[]> chunks = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                byte[] c = new byte[1 + rnd.nextInt(rnd.nextBoolean() ? 20 : 140)];
                rnd.nextBytes(c);
                chunks.add(c);
            }
            Path ours = Files.createDirectory(dir.resolve("ours-" + s[0] + "-" + s[1]));
            Path theirs = Files.createDirectory(dir.resolve("theirs-" + s[0] + "-" + s[1]));
            Files.write(ours.resolve("x.log"), "pre-existing\n".getBytes());
            Files.write(theirs.resolve("x.log"), "pre-existing\n".getBytes());
            try (RotatingLogFile f = RotatingLogFile.open(ours.resolve("x.log"), s[0], (int) s[1])) {
                for (byte[] c : chunks) {
                    f.write(c);
                }
            }
            supervisord(theirs.resolve("x.log"), s[0], s[1], chunks);
            assertEquals(contents(theirs), contents(ours), "maxbytes=" + s[0] + " backups=" + s[1]);
        }
    }

    private static TreeMap<String, String> contents(Path d) throws IOException {
        TreeMap<String, String> m = new TreeMap<>();
        try (var s = Files.list(d)) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), HexFormat.of().formatHex(Files.readAllBytes(p)));
            }
        }
        return m;
    }

    private static void supervisord(Path log, long maxbytes, long backups, List<byte[]> chunks) throws Exception {
        String script = String.join("\n",
                "import sys",
                "from supervisor import loggers",
                "lg = loggers.getLogger()",
                "loggers.handle_file(lg, sys.argv[1], '%(message)s', rotating=bool(int(sys.argv[2])),",
                "                    maxbytes=int(sys.argv[2]), backups=int(sys.argv[3]))",
                "for h in sys.stdin.read().split():",
                "    lg.info(bytes.fromhex(h))",
                "lg.close()");
        Process p = new ProcessBuilder(LogReaderTest.PYTHON, "-c", script, log.toString(), Long.toString(maxbytes),
                Long.toString(backups)).redirectErrorStream(true).start();
        try {
            StringBuilder in = new StringBuilder();
            for (byte[] c : chunks) {
                in.append(HexFormat.of().formatHex(c)).append('\n');
            }
            p.getOutputStream().write(in.toString().getBytes(StandardCharsets.US_ASCII));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            Assumptions.assumeFalse(out.contains("No module named 'supervisor'"), "supervisord's package needed");
            assertEquals(0, p.exitValue(), out);
            assertEquals("", out);
        } finally {
            p.destroyForcibly();
        }
    }
}
