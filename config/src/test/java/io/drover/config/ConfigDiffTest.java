package io.drover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** reread's added / changed / removed groups. */
class ConfigDiffTest {
    @TempDir
    Path a;
    @TempDir
    Path b;

    private ConfigDiff diff(String before, String after) {
        return ConfigDiff.between(ConfigFixture.load(a, before), ConfigFixture.load(b, after));
    }

    @Test
    void identical_files_differ_in_nothing_even_from_other_directories() {
        String text = "[program:x]\ncommand=/bin/cat\n[group:g]\nprograms=x\n";
        assertTrue(diff(text, text).isEmpty());
    }

    @Test
    void added_changed_removed() {
        ConfigDiff d = diff("""
                [program:a]
                command=/bin/a
                [program:c]
                command=/bin/c
                [program:same]
                command=/bin/s
                """, """
                [program:a]
                command=/bin/a --changed
                [program:b]
                command=/bin/b
                [program:same]
                command=/bin/s
                """);
        assertEquals(List.of("b"), d.added());
        assertEquals(List.of("a"), d.changed());
        assertEquals(List.of("c"), d.removed());
    }

    @Test
    void any_field_counts_priority_numprocs_listener_and_daemon_environment() {
        assertEquals(List.of("x"), diff("[program:x]\ncommand=c\n", "[program:x]\ncommand=c\npriority=1\n").changed());
        assertEquals(List.of("x"), diff("[program:x]\ncommand=c\nprocess_name=%(process_num)d\n",
                "[program:x]\ncommand=c\nprocess_name=%(process_num)d\nnumprocs=2\n").changed());
        assertEquals(List.of("e"), diff("[eventlistener:e]\ncommand=c\nevents=TICK_5\n",
                "[eventlistener:e]\ncommand=c\nevents=TICK_60\n").changed());
        assertEquals(List.of("x"), diff("[program:x]\ncommand=c\n",
                "[supervisord]\nenvironment=A=1\n[program:x]\ncommand=c\n").changed());
    }

    @Test
    void auto_log_files_are_not_compared_as_in_supervisord() throws Exception {
        Files.createDirectories(b.resolve("logs"));
        assertTrue(diff("[program:x]\ncommand=c\n", "[program:x]\ncommand=c\nstdout_logfile=" + b.resolve("logs/x")
                + "\n").isEmpty());
    }
}
