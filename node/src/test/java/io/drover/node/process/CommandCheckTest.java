package io.drover.node.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.node.supervisor.Fault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The command check a spawn makes (supervisord's get_execv_args) and what it hands the launcher. */
class CommandCheckTest {

    @Test
    void aBareNameIsFoundOnTheProgramsPathAndHandedOnWithItsArgv() {
        CommandCheck.Outcome o = CommandCheck.resolve("sh -c 'exit 3'", Map.of("PATH", "/nonexistent-dir:/bin"),
                Map.of("PATH", "/usr/bin"));
        assertTrue(o.problem().isEmpty(), o.toString());
        assertEquals("/bin/sh", o.executable().get().filename());
        assertEquals(List.of("sh", "-c", "exit 3"), o.executable().get().argv());
    }

    /** os.path.join("", name) is the bare name: an empty PATH entry is the daemon's working directory. */
    @Test
    void anEmptyPathEntryIsTheWorkingDirectory() throws Exception {
        String name = "drover-cwd-probe-" + UUID.randomUUID();
        Path file = Path.of(name).toAbsolutePath();
        Files.writeString(file, "not a program\n");
        try {
            CommandCheck.Outcome o = CommandCheck.resolve(name, Map.of("PATH", ":/bin"), Map.of());
            assertEquals(Fault.NOT_EXECUTABLE, o.problem().get().code(), o.toString());
            assertEquals("command at '" + name + "' is not executable", o.problem().get().detail());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
