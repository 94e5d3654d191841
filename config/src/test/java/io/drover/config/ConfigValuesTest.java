package io.drover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Good values of every type, the INI dialect, and %(name)s expansion, as supervisord reads them. */
class ConfigValuesTest {
    @TempDir
    Path dir;

    private ProcessSpec program(String keys) {
        return ConfigFixture.load(dir, "[program:a]\ncommand=/bin/cat\n" + keys).group("a").orElseThrow()
                .processes().get(0);
    }

    @Test
    void defaults_are_supervisords() {
        SupervisorConfig c = ConfigFixture.load(dir, "[program:a]\ncommand=/bin/cat\n");
        ProcessSpec p = c.groups().get(0).processes().get(0);
        assertEquals(999, p.priority());
        assertTrue(p.autostart());
        assertEquals(AutoRestart.UNEXPECTED, p.autorestart());
        assertEquals(1, p.startsecs());
        assertEquals(3, p.startretries());
        assertEquals(List.of(0), p.exitcodes());
        assertEquals(Signal.TERM, p.stopsignal());
        assertEquals(10, p.stopwaitsecs());
        assertFalse(p.stopasgroup() || p.killasgroup() || p.redirectStderr());
        assertEquals(new LogChannelSpec(new LogTarget.Auto(), 50L * 1024 * 1024, 10, 0, false, false, false),
                p.stdout());
        assertEquals(p.stdout(), p.stderr());
        assertEquals("AUTO", p.serverurl());
        assertEquals(Optional.empty(), p.umask());
        DaemonSettings d = c.daemon();
        assertEquals(022, d.umask());
        assertEquals(LogLevel.INFO, d.loglevel());
        assertEquals(50L * 1024 * 1024, d.logfileMaxbytes());
        assertEquals(10, d.logfileBackups());
        assertEquals(1024, d.minfds());
        assertEquals(200, d.minprocs());
        assertEquals("supervisor", d.identifier());
        assertEquals(Path.of(System.getProperty("java.io.tmpdir")), d.childlogdir());
        assertEquals("supervisor", c.ctl().prompt());
    }

    @ParameterizedTest
    @CsvSource({"true,true", "YES,true", "on,true", "1,true", "false,false", "No,false", "OFF,false", "0,false"})
    void booleans(String text, boolean expected) {
        assertEquals(expected, program("autostart=" + text + "\n").autostart());
    }

    @ParameterizedTest
    @CsvSource({"0,0", "1024,1024", "1KB,1024", "1kb,1024", "50MB,52428800", "2GB,2147483648"})
    void byte_sizes(String text, long expected) {
        assertEquals(expected, program("stdout_logfile_maxbytes=" + text + "\n").stdout().maxbytes());
    }

    @Test
    void octal_umask_takes_unicode_digits_as_python() {
        assertEquals(Optional.of(3), program("umask=\u0663\n").umask());
        assertEquals(Optional.of(027), program("umask=0o2_7\n").umask());
    }

    @Test
    void a_program_directory_is_kept_as_written() {
        // getAllConfigInfo reports the text supervisord read: trailing and doubled slashes stay
        assertEquals(Optional.of("/tmp/"), program("directory=/tmp/\n").directory());
        assertEquals(Optional.of("/tmp//"), program("directory=/tmp//\n").directory());
    }

    @ParameterizedTest
    @CsvSource({"10,10", "' 1_0 ',10", "+5,5", "-0,0", "007,7", "\u0663,3", "\u0967\u0968,12"})
    void integers_read_as_pythons_int(String text, int expected) {
        // int() strips whitespace, allows '_' between digits and any Unicode decimal digit (Arabic-Indic, Devanagari)
        assertEquals(expected, program("startsecs=" + text + "\n").startsecs());
    }

    @ParameterizedTest
    @CsvSource({"99999999999,2147483647", "123456789012345678901234,2147483647", "-99999999999,-2147483648"})
    void integers_beyond_an_int_are_accepted_as_python_accepts_them(String text, int expected) {
        assertEquals(expected, program("priority=" + text + "\n").priority());
    }

    @ParameterizedTest
    @CsvSource({"TERM,TERM", "sigterm,TERM", "HUP,HUP", "SIGUSR2,USR2", "9,KILL", "quit,QUIT"})
    void signals(String text, Signal expected) {
        assertEquals(expected, program("stopsignal=" + text + "\n").stopsignal());
    }

    @Test
    void octal_exitcodes_autorestart_and_killasgroup_default() {
        ProcessSpec p = program("umask=0o27\nexitcodes=255, 0,2,0\nautorestart=unexpected\nstopasgroup=true\n");
        assertEquals(Optional.of(027), p.umask());
        // supervisord keeps the list as written (getAllConfigInfo reports it so), repeats included
        assertEquals(List.of(255, 0, 2, 0), p.exitcodes());
        assertTrue(p.killasgroup(), "killasgroup defaults to stopasgroup");
        assertEquals(List.of(), program("exitcodes=\n").exitcodes());
        assertEquals(AutoRestart.FALSE, program("autorestart=off\n").autorestart());
    }

    @Test
    void log_targets() {
        assertEquals(new LogTarget.None(), program("stdout_logfile=NONE\n").stdout().target());
        assertEquals(new LogTarget.None(), program("stdout_logfile=\n").stdout().target());
        assertEquals(new LogTarget.Auto(), program("stdout_logfile=auto\n").stdout().target());
        ProcessSpec syslog = program("stdout_logfile=syslog\n");
        assertEquals(new LogTarget.None(), syslog.stdout().target());
        assertTrue(syslog.stdout().syslog(), "the deprecated syslog file name turns stdout_syslog on");
        assertEquals(new LogTarget.File(dir.resolve("out.log")),
                program("stdout_logfile=" + dir.resolve("out.log") + "\n").stdout().target());
        ProcessSpec redirected = program("redirect_stderr=true\nstderr_logfile=" + dir.resolve("e.log") + "\n");
        assertEquals(new LogTarget.None(), redirected.stderr().target());
    }

    @Test
    void drover_timestamp_keys() {
        ProcessSpec p = program("stdout_log_timestamps=true\nstderr_log_timestamps=no\n");
        assertTrue(p.stdout().timestamps());
        assertFalse(p.stderr().timestamps());
    }

    @Test
    void environment_pairs_with_quotes_and_commas() {
        assertEquals(Map.of("KEY", "v, with comma", "K2", "v2", "P", "/usr/bin:/bin", "E", ""),
                program("environment=KEY=\"v, with comma\",K2=v2,P=/usr/bin:/bin,E=''\n").environment());
    }

    @Test
    void inet_ports() {
        InetServerSpec a = ConfigFixture.load(dir, "[inet_http_server]\nport=127.0.0.1:9001\n").inetServer().orElseThrow();
        assertEquals("127.0.0.1", a.host());
        assertEquals(9001, a.port());
        assertEquals("", ConfigFixture.load(dir, "[inet_http_server]\nport=*:9001\n").inetServer().orElseThrow().host());
        assertEquals("", ConfigFixture.load(dir, "[inet_http_server]\nport=:9001\n").inetServer().orElseThrow().host());
        assertEquals(9002, ConfigFixture.load(dir, "[inet_http_server]\nport=9002\n").inetServer().orElseThrow().port());
    }

    /** supervisord serves every section whose name starts with the kind, in file order. */
    @Test
    void every_http_server_section() {
        SupervisorConfig c = ConfigFixture.load(dir, "[inet_http_server]\nport=9001\n\n[unix_http_server:b]\n"
                + "file=/tmp/b.sock\n\n[inet_http_server:two]\nport=9002\nusername=u\npassword=p\n\n"
                + "[unix_http_serverA]\nfile=/tmp/a.sock\n");
        assertEquals(List.of("inet_http_server:9001:false", "inet_http_server:two:9002:true"), c.inetServers().stream()
                .map(s -> s.section() + ":" + s.port() + ":" + s.credentials().isPresent()).toList());
        assertEquals(List.of("unix_http_server:b:/tmp/b.sock", "unix_http_serverA:/tmp/a.sock"), c.unixServers()
                .stream().map(s -> s.section() + ":" + s.file()).toList());
        assertEquals(9001, c.inetServer().orElseThrow().port());
        assertEquals(Path.of("/tmp/b.sock"), c.unixServer().orElseThrow().file());
    }

    @Test
    void fcgi_sockets() {
        SupervisorConfig c = ConfigFixture.load(dir, "[fcgi-program:f]\ncommand=x\nsocket=unix://" + dir
                + "/%(program_name)s.sock\nsocket_mode=0660\nsocket_owner=nobody\nsocket_backlog=64\n"
                + "[fcgi-program:t]\ncommand=x\nsocket=tcp://Example:9000\n");
        FcgiSocketSpec u = c.group("f").orElseThrow().fcgiSocket().orElseThrow();
        assertEquals("unix://" + dir + "/f.sock", u.url());
        assertEquals(0660, u.mode());
        assertEquals(Optional.of("nobody"), u.owner());
        assertEquals(Optional.of(64), u.backlog());
        FcgiSocketSpec t = c.group("t").orElseThrow().fcgiSocket().orElseThrow();
        assertEquals("tcp://example:9000", t.url());
        assertEquals(9000, t.port());
    }

    @Test
    void ini_dialect() {
        SupervisorConfig c = ConfigFixture.load(dir, """
                [program:a]   ; header comment
                COMMAND = /bin/echo a;b c#d   # comment
                Directory: /tmp
                environment = A=1,
                  B=2
                [DEFAULT]
                priority = 7
                [program:a]
                autostart = false
                """);
        ProcessSpec p = c.group("a").orElseThrow().processes().get(0);
        assertEquals("/bin/echo a;b c#d", p.command());
        assertEquals(Optional.of("/tmp"), p.directory());
        assertEquals(Map.of("A", "1", "B", "2"), p.environment());
        assertEquals(7, p.priority(), "[DEFAULT] supplies keys to every section");
        assertFalse(p.autostart(), "a repeated section adds to the first");
    }

    @Test
    void expansion_names_per_key() {
        SupervisorConfig c = ConfigFixture.load(dir, """
                [program:web]
                command=/bin/run %(program_name)s %(group_name)s %(process_num)d/%(numprocs)d %(here)s %(ENV_HOME)s %(ENV_OWN)s 100%%
                process_name=%(program_name)s-%(process_num)03d
                numprocs=2
                numprocs_start=1
                environment=OWN=me,NUM=%(process_num)02d
                directory=%(here)s
                stdout_logfile=%(here)s/%(program_name)s_%(process_num)s.log
                [group:g]
                programs=web
                """, Map.of("HOME", "/home/x"));
        List<ProcessSpec> ps = c.group("g").orElseThrow().processes();
        assertEquals(List.of("web-001", "web-002"), ps.stream().map(ProcessSpec::name).toList());
        ProcessSpec p = ps.get(1);
        assertEquals("/bin/run web g 2/2 " + dir + " /home/x me 100%", p.command());
        assertEquals(Map.of("OWN", "me", "NUM", "02"), p.environment());
        assertEquals(new LogTarget.File(dir.resolve("web_2.log")), p.stdout().target());
        assertEquals(Optional.of(dir.toString()), p.directory());
        assertEquals("g:web-002", p.qualifiedName());
    }

    @Test
    /** The [supervisord] environment is expanded twice: host_node_name is only known the second time. */
    void supervisord_environment_feeds_env_names_and_host_node_name_expands() {
        SupervisorConfig c = ConfigFixture.load(dir, """
                [supervisord]
                environment=GREETING="hi there",HOSTISH=%%(host_node_name)s
                [program:a]
                command=/bin/echo %(ENV_GREETING)s on %(host_node_name)s
                """, Map.of());
        ProcessSpec p = c.group("a").orElseThrow().processes().get(0);
        String host = io.drover.config.sections.HostName.get();
        assertEquals("/bin/echo hi there on " + host, p.command());
        assertEquals(Map.of("GREETING", "hi there", "HOSTISH", host), c.daemon().environment());
    }

    @Test
    void groups_sort_by_priority_and_group_members_leave_their_own_groups() {
        SupervisorConfig c = ConfigFixture.load(dir, """
                [program:late]
                command=x
                priority=900
                [program:early]
                command=x
                priority=5
                [program:member]
                command=x
                [group:pair]
                programs=member
                priority=100
                [eventlistener:ev]
                command=x
                events=TICK_60
                """);
        assertEquals(List.of("ev", "early", "pair", "late"), c.groups().stream().map(GroupSpec::name).toList());
        assertEquals(GroupKind.GROUP, c.group("pair").orElseThrow().kind());
        assertEquals(GroupKind.EVENT_LISTENER, c.group("ev").orElseThrow().kind());
        assertTrue(c.group("member").isEmpty());
    }

    @Test
    void rpcinterface_and_unknown_sections_and_keys_are_ignored() {
        SupervisorConfig c = ConfigFixture.load(dir, """
                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
                [something_else]
                x=%(nonsense
                [program:a]
                command=x
                bogus_key=1
                """);
        assertEquals(1, c.groups().size());
    }

    @Test
    void drover_section_over_hocon() {
        SupervisorConfig c = ConfigFixture.load(dir, "[drover]\nnode_name=web-%(ENV_N)s\n", Map.of("N", "7"));
        assertEquals("web-7", c.drover().nodeName());
        assertEquals("web-7", c.drover().config().getString("drover.node-name"));
        SupervisorConfig plain = ConfigFixture.load(dir, "");
        assertEquals(io.drover.config.sections.HostName.get(), plain.drover().nodeName());
    }

    @Test
    void drover_conf_beside_the_main_file() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("drover.conf"), "drover { node-name = from-hocon, extra = 3 }\n");
        SupervisorConfig c = ConfigFixture.load(dir, "");
        assertEquals("from-hocon", c.drover().nodeName());
        assertEquals(3, c.drover().config().getInt("drover.extra"));
    }

    @Test
    void a_broken_drover_conf_or_drover_key_is_a_config_error() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("drover.conf"), "drover {\n  node-name = [unclosed\n");
        ConfigError e = org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class,
                () -> ConfigFixture.load(dir, ""));
        assertEquals(Optional.of(dir.resolve("drover.conf")), e.file());
        assertTrue(e.line() > 0, e.getMessage());
        java.nio.file.Files.delete(dir.resolve("drover.conf"));
        e = org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class,
                () -> ConfigFixture.load(dir, "[drover]\nbad key$=1\n"));
        assertEquals(Optional.of("drover"), e.section());
        assertEquals(ConfigFixture.HEADER_LINES + 2, e.line());
    }
}
