package io.drover.node.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoLogCleanerTest {
    private static final List<String> NAMES = List.of(
            "web-stdout---supervisor-abc12345.log",
            "web-stdout---supervisor-abc12345.log.1",
            "web-stdout---supervisor-abc12345.log.10",
            "web-stdout---supervisor-abc12345.log.12345",
            "web-stdout---supervisor-abc12345.log.gz",
            "web-stderr---supervisor-x.log",
            "---supervisor-abc.log",
            "a---supervisor-.log",
            "a---supervisor-b.lo",
            "a---other-b.log",
            "a---supervisorx-b.log",
            "a--supervisor-b.log",
            "a---supervisor-b c.log",
            "a---supervisor-b.logging",
            "keep.log",
            "x-y---supervisor-q_w.log");

    @TempDir
    Path dir;

    @Test
    void removesExactlyWhatSupervisordRemoves() throws Exception {
        for (String n : NAMES) {
            Files.writeString(dir.resolve(n), "x");
        }
        Files.createDirectory(dir.resolve("d---supervisor-dir.log"));
        List<String> warnings = new ArrayList<>();
        List<Path> removed = AutoLogCleaner.clean(dir, "supervisor", warnings::add);
        TreeSet<String> removedNames = new TreeSet<>();
        removed.forEach(p -> removedNames.add(p.getFileName().toString()));

        TreeSet<String> expected = new TreeSet<>(List.of(
                "web-stdout---supervisor-abc12345.log",
                "web-stdout---supervisor-abc12345.log.1",
                "web-stdout---supervisor-abc12345.log.10",
                "web-stdout---supervisor-abc12345.log.12345",
                "web-stdout---supervisor-abc12345.log.gz",
                "web-stderr---supervisor-x.log",
                "a---supervisor-b.logging",
                "x-y---supervisor-q_w.log"));
        assertEquals(expected, removedNames);
        assertEquals(List.of("Failed to clean up '" + dir.resolve("d---supervisor-dir.log") + "'"), warnings);
        assertTrue(Files.exists(dir.resolve("keep.log")));
    }

    @Test
    void matchingAgreesWithSupervisordsRegex() throws Exception {
        for (String ident : List.of("supervisor", "sup.v", "node1")) {
            Process p = new ProcessBuilder(LogReaderTest.PYTHON, "-c", String.join("\n",
                    "import re, sys",
                    "fnre = re.compile(r'.+?---%s-\\S+\\.log\\.{0,1}\\d{0,4}' % sys.argv[1])",
                    "for n in sys.stdin.read().split('\\n'):",
                    "    print('1' if fnre.match(n) else '0')"), ident).start();
            List<String> expected;
            try {
                List<String> names = new ArrayList<>(NAMES);
                names.add("a---supXv-b.log");
                names.add("a---node1-b.log.3");
                p.getOutputStream().write(String.join("\n", names).getBytes(StandardCharsets.UTF_8));
                p.getOutputStream().close();
                expected = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
                assertTrue(p.waitFor(20, TimeUnit.SECONDS));
                Assumptions.assumeTrue(p.exitValue() == 0, "python3 needed");
                List<String> actual = new ArrayList<>();
                for (String n : names) {
                    actual.add(AutoLogCleaner.matches(n, ident) ? "1" : "0");
                }
                assertEquals(expected, actual, "identifier " + ident + " over " + names);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aMissingDirectoryIsAWarningNotAnError() {
        List<String> warnings = new ArrayList<>();
        assertEquals(List.of(), AutoLogCleaner.clean(dir.resolve("nope"), "supervisor", warnings::add));
        assertEquals(List.of("Could not clear childlog dir"), warnings);
    }

    @Test
    void autoNamesAreUniqueAndCleanedAtTheNextStart() throws IOException {
        TreeSet<Path> made = new TreeSet<>();
        for (int i = 0; i < 50; i++) {
            made.add(AutoLogName.create(dir, "p", "stdout", "supervisor"));
        }
        assertEquals(50, made.size());
        Files.writeString(dir.resolve("other.log"), "keep");
        assertEquals(made, new TreeSet<>(AutoLogCleaner.clean(dir, "supervisor", w -> { })));
        assertEquals(List.of(dir.resolve("other.log")), RotatingLogFileTestSupport.list(dir));
    }
}
