package io.drover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search order without -c, and the embedded default config. */
class ConfigLocateTest {
    @Test
    void search_order_is_supervisords_with_drover_home_for_the_executable_dir(@TempDir Path home) throws Exception {
        String old = System.getProperty("drover.home");
        System.setProperty("drover.home", home.toString());
        try {
            assertEquals(List.of(home.resolve("etc/supervisord.conf"), home.resolve("supervisord.conf"),
                    Path.of("supervisord.conf"), Path.of("etc/supervisord.conf"), Path.of("/etc/supervisord.conf"),
                    Path.of("/etc/supervisor/supervisord.conf")), ConfigLoader.searchPaths());
            Files.writeString(home.resolve("supervisord.conf"), "[supervisord]\n");
            assertEquals(home.resolve("supervisord.conf"), ConfigLoader.locate().orElseThrow());
            Files.createDirectories(home.resolve("etc"));
            Files.writeString(home.resolve("etc/supervisord.conf"), "[supervisord]\n");
            assertEquals(home.resolve("etc/supervisord.conf"), ConfigLoader.locate().orElseThrow());
        } finally {
            if (old == null) {
                System.clearProperty("drover.home");
            } else {
                System.setProperty("drover.home", old);
            }
        }
    }

    @Test
    void the_embedded_default_is_a_standalone_node_with_a_demo_program() {
        SupervisorConfig c = ConfigLoader.loadDefault();
        InetServerSpec inet = c.inetServer().orElseThrow();
        assertEquals("127.0.0.1", inet.host());
        assertEquals(9001, inet.port());
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath().normalize();
        assertEquals(tmp, c.daemon().childlogdir().toAbsolutePath().normalize());
        assertTrue(c.daemon().pidfile().startsWith(tmp));
        assertEquals(new LogTarget.File(tmp.resolve("drover-supervisord.log")), c.daemon().logfile());
        ProcessSpec demo = c.group("demo").orElseThrow().processes().get(0);
        assertTrue(demo.command().startsWith("/bin/sh -c"));
        assertTrue(demo.autostart());
    }
}
