package io.drover.node.mainlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.config.LogLevel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainLogRotationTest {
    @TempDir
    Path dir;

    @Test
    void theDaemonLogRotatesAtLogfileMaxbytesKeepingLogfileBackups() throws Exception {
        Path file = dir.resolve("supervisord.log");
        try (MainLog log = MainLog.open(Optional.of(file), LogLevel.INFO, null, 200, 2)) {
            for (int i = 0; i < 40; i++) {
                log.info("message number " + i);
            }
            log.debug("dropped below the level");
        }
        assertTrue(Files.size(dir.resolve("supervisord.log.1")) >= 200);
        assertTrue(Files.exists(dir.resolve("supervisord.log.2")));
        assertTrue(!Files.exists(dir.resolve("supervisord.log.3")));
        String newest = Files.readString(dir.resolve("supervisord.log.1")) + Files.readString(file);
        assertTrue(newest.matches("(?s).*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3} INFO message number 39\n"),
                newest);
        assertTrue(!newest.contains("dropped"));
    }

    @Test
    void withoutMaxbytesItNeverRotates() throws Exception {
        Path file = dir.resolve("d.log");
        try (MainLog log = MainLog.open(Optional.of(file), LogLevel.INFO, null)) {
            for (int i = 0; i < 100; i++) {
                log.info("x".repeat(50));
            }
        }
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }
}
