package io.drover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config blocks of the seed documents (copied verbatim into test resources/seeds), each placed in Debian's
 * layout: a supervisord.conf shaped like Debian's that includes conf.d/*.conf. System directories
 * (/var/log/supervisor, /var/run, /etc/supervisor/conf.d) are moved under a temp dir so the test does not depend on
 * the machine's.
 */
class SeedConfigsTest {
    @TempDir
    Path tmp;

    private Path layout(String main, String... confd) throws IOException {
        Files.createDirectories(tmp.resolve("log"));
        Files.createDirectories(tmp.resolve("run"));
        Files.createDirectories(tmp.resolve("conf.d"));
        Path mainFile = tmp.resolve("supervisord.conf");
        Files.writeString(mainFile, relocate(main));
        for (String name : confd) {
            Files.writeString(tmp.resolve("conf.d").resolve(name), relocate("seeds/" + name));
        }
        return mainFile;
    }

    private String relocate(String resource) throws IOException {
        return Files.readString(TestFiles.resource(resource))
                .replace("/etc/supervisor/conf.d/*.conf", "conf.d/*.conf")
                .replace("/var/log/supervisor", tmp.resolve("log").toString())
                .replace("/var/log/", tmp.resolve("log") + "/")
                .replace("/var/run", tmp.resolve("run").toString());
    }

    private static ProcessSpec only(SupervisorConfig c, String group) {
        GroupSpec g = c.group(group).orElseThrow();
        assertEquals(1, g.processes().size());
        return g.processes().get(0);
    }

    @Test
    void debian_layout_reads_included_files_with_their_own_here_and_sorts_groups_by_name() throws IOException {
        Path main = layout("seeds/debian-supervisord.conf", "nginx.conf", "litestar.conf");
        Files.writeString(tmp.resolve("conf.d/00-here.conf"), "[program:herey]\ncommand=%(here)s/run\n");
        Files.writeString(tmp.resolve("conf.d/ignored.ini"), "[program:ignored]\ncommand=/bin/true\n");
        SupervisorConfig c = ConfigLoader.load(main);
        assertEquals(List.of("exampleapp", "herey", "nginx"), c.groups().stream().map(GroupSpec::name).toList());
        assertEquals(tmp.resolve("conf.d") + "/run", only(c, "herey").command());
        assertEquals(tmp.resolve("conf.d/00-here.conf"), only(c, "herey").sourceFile());
        assertEquals(tmp.resolve("run/supervisor.sock"), c.unixServer().orElseThrow().file());
        assertEquals(0700, c.unixServer().orElseThrow().chmod());
        assertEquals(Optional.of("unix://" + tmp.resolve("run/supervisor.sock")), c.ctl().serverurl());
        assertEquals(new LogTarget.File(tmp.resolve("log/supervisord.log")), c.daemon().logfile());
    }

    @Test
    void gunicorn_seed_names_a_user_that_does_not_exist_here() throws IOException {
        Path main = layout("seeds/debian-supervisord.conf", "gunicorn.conf");
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(main));
        assertEquals("Invalid user name aditya", e.reason());
        assertEquals(Optional.of("program:git-tracker-backend"), e.section());
        assertEquals(Optional.of(tmp.resolve("conf.d/gunicorn.conf")), e.file());
        assertEquals(4, e.line());
        assertEquals(Optional.of("user"), e.key());
    }

    @Test
    void gunicorn_seed_without_its_user_line_parses() throws IOException {
        Path main = layout("seeds/debian-supervisord.conf", "gunicorn.conf");
        Path conf = tmp.resolve("conf.d/gunicorn.conf");
        Files.writeString(conf, Files.readString(conf).replace("user = aditya", "; user = aditya"));
        ProcessSpec p = only(ConfigLoader.load(main), "git-tracker-backend");
        assertEquals("/home/aditya/git-tracker/Backend/venv/bin/gunicorn --workers 3 --bind "
                + "unix:/tmp/git-tracker-backend.sock wsgi:application", p.command());
        assertEquals(Optional.of("/home/aditya/git-tracker/Backend/my_flask_app"), p.directory());
        assertTrue(p.stopasgroup() && p.killasgroup() && p.autostart());
        assertEquals(AutoRestart.TRUE, p.autorestart());
        assertEquals(new LogTarget.File(tmp.resolve("log/git-tracker-backend.err.log")), p.stderr().target());
        assertEquals(Map.of(), p.environment());
    }

    @Test
    void nginx_seed_expands_process_num_with_width_and_program_name_in_log_paths() throws IOException {
        ProcessSpec p = only(ConfigLoader.load(layout("seeds/debian-supervisord.conf", "nginx.conf")), "nginx");
        assertEquals("nginx_00", p.name());
        assertEquals("nginx:nginx_00", p.qualifiedName());
        assertEquals(5, p.startretries());
        assertEquals(0, p.startsecs());
        assertEquals(new LogTarget.File(tmp.resolve("log/nginx_stderr.log")), p.stderr().target());
        assertEquals(new LogTarget.File(tmp.resolve("log/nginx_stdout.log")), p.stdout().target());
        assertEquals(10L * 1024 * 1024, p.stdout().maxbytes());
        assertEquals(10, p.stdout().backups());
    }

    @Test
    void email_listener_seed_with_its_main_config() throws IOException {
        SupervisorConfig c = ConfigLoader.load(layout("seeds/email-main.conf", "email-listener.conf"));
        GroupSpec g = c.group("process_monitor").orElseThrow();
        assertEquals(GroupKind.EVENT_LISTENER, g.kind());
        assertEquals(-1, g.priority());
        assertEquals(new EventListenerSpec(List.of("PROCESS_STATE"), 10, "supervisor.dispatchers:default_handler"),
                g.listener().orElseThrow());
        assertEquals("python3 /etc/supervisor/eventlistener.py", g.processes().get(0).command());
        InetServerSpec inet = c.inetServer().orElseThrow();
        assertEquals("0.0.0.0", inet.host());
        assertEquals(9001, inet.port());
        assertEquals(new Credentials("admin", "admin"), inet.credentials().orElseThrow());
    }

    @Test
    void litestar_seed_strips_hash_comments_after_whitespace() throws IOException {
        ProcessSpec p = only(ConfigLoader.load(layout("seeds/debian-supervisord.conf", "litestar.conf")),
                "exampleapp");
        assertEquals("/opt/exampleapp/venv/bin/litestar app.py", p.command());
        assertEquals(Optional.of("/opt/exampleapp/src"), p.directory());
        assertTrue(p.redirectStderr());
        assertEquals(new LogTarget.None(), p.stderr().target());
        assertEquals(new LogTarget.File(tmp.resolve("log/exampleapp.log")), p.stdout().target());
        assertEquals(AutoRestart.TRUE, p.autorestart());
    }

    @Test
    void web_interface_seed_with_basic_auth() throws IOException {
        SupervisorConfig c = ConfigLoader.load(layout("seeds/web-interface.conf", "overview-program.conf"));
        InetServerSpec inet = c.inetServer().orElseThrow();
        assertEquals("0.0.0.0", inet.host());
        assertEquals(9001, inet.port());
        assertEquals(new Credentials("mallick", "mallick"), inet.credentials().orElseThrow());
        assertTrue(inet.credentials().orElseThrow().toString().contains("***"));
        ProcessSpec p = only(c, "myprogram");
        assertEquals("/path/to/your/program arguments", p.command());
        assertEquals(Optional.of("/path/to/your/program/directory"), p.directory());
        assertEquals(new LogTarget.File(tmp.resolve("log/myprogram.err")), p.stderr().target());
    }

    @Test
    void handbook_program_block_names_user_chrism() throws IOException {
        Path main = layout("seeds/debian-supervisord.conf", "handbook-cat.conf");
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(main));
        assertEquals("Invalid user name chrism", e.reason());
        assertEquals(17, e.line());
    }

    @Test
    void handbook_listener_block_expands_five_listeners() throws IOException {
        GroupSpec g = ConfigLoader.load(layout("seeds/debian-supervisord.conf", "handbook-listener.conf"))
                .group("theeventlistenername").orElseThrow();
        assertEquals(List.of("theeventlistenername_00", "theeventlistenername_01", "theeventlistenername_02",
                "theeventlistenername_03", "theeventlistenername_04"),
                g.processes().stream().map(ProcessSpec::name).toList());
        ProcessSpec p = g.processes().get(3);
        assertEquals(3, p.processNum());
        assertEquals(Signal.QUIT, p.stopsignal());
        assertEquals(Optional.of(022), p.umask());
        assertEquals(Map.of("A", "1", "B", "2"), p.environment());
        assertEquals(List.of(0), p.exitcodes());
        assertEquals("AUTO", p.serverurl());
    }
}
