package io.drover.node.mainlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.config.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MainLogTest {

    @Test
    void writesSupervisordsFormatFiltersByLevelAndEchoesToTheConsole() throws Exception {
        Path dir = Files.createTempDirectory("mainlog");
        Path file = dir.resolve("supervisord.log");
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (MainLog log = MainLog.open(Optional.of(file), LogLevel.INFO, new PrintStream(console, true))) {
            log.info("spawned: 'x' with pid 42");
            log.debug("not shown");
            log.warn("exited: x (exit status 1; not expected)");
            log.critical("c");
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO spawned: 'x' with pid 42"),
                lines.get(0));
        assertTrue(lines.get(1).endsWith(" WARN exited: x (exit status 1; not expected)"));
        assertTrue(lines.get(2).endsWith(" CRIT c"));
        assertEquals(String.join("\n", lines) + "\n", console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void rotatesAtMaxbytesAndClears() throws Exception {
        Path dir = Files.createTempDirectory("mainlog");
        Path file = dir.resolve("supervisord.log");
        try (MainLog log = MainLog.open(Optional.of(file), LogLevel.INFO, null, 200, 2)) {
            for (int i = 0; i < 20; i++) {
                log.info("line " + i + " of the daemon log, long enough to rotate");
            }
            assertTrue(Files.exists(dir.resolve("supervisord.log.1")));
            assertTrue(Files.exists(dir.resolve("supervisord.log.2")));
            assertFalse(Files.exists(dir.resolve("supervisord.log.3")));
            assertTrue(log.clear());
            assertEquals(0, Files.size(file));
            log.info("after");
        }
        assertTrue(Files.readString(file).endsWith(" INFO after\n"));
    }

    @Test
    void clearWithoutAFileSaysSo() throws Exception {
        try (MainLog log = MainLog.open(Optional.empty(), LogLevel.INFO, null)) {
            assertFalse(log.clear());
        }
    }
}
