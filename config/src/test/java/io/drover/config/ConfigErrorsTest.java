package io.drover.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad value per option type and error class: supervisord's reason, and the section, file and line of the key
 * (or of the section header when no key applies).
 */
class ConfigErrorsTest {
    @TempDir
    Path dir;

    private ConfigError refuse(String body) {
        return assertThrows(ConfigError.class, () -> ConfigFixture.load(dir, body));
    }

    private void assertAt(ConfigError e, String reason, String section, int bodyLine) {
        assertEquals(reason, e.reason());
        assertEquals(Optional.ofNullable(section), e.section());
        assertEquals(Optional.of(dir.resolve("supervisord.conf")), e.file());
        assertEquals(ConfigFixture.HEADER_LINES + bodyLine, e.line(), e.getMessage());
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
            autostart        | maybe     | not a valid boolean value: 'maybe'
            autorestart      | Sometimes | invalid 'autorestart' value 'sometimes'
            startsecs        | 1.5       | invalid literal for int() with base 10: '1.5'
            startretries     | three     | invalid literal for int() with base 10: 'three'
            stopsignal       | NOPE      | value 'NOPE' is not a valid signal name
            stopsignal       | 99        | value '99' is not a valid signal number
            umask            | 0999      | 0999 can not be converted to an octal type
            exitcodes        | 0,256     | not a valid list of exit codes: '0,256'
            stdout_logfile_maxbytes | 5TB | invalid literal for int() with base 10: '5tb'
            stdout_logfile   | /no/such/dir/x.log | The directory named as part of the path /no/such/dir/x.log does not exist
            environment      | A=1 B=2   | Unexpected end of key/value pairs in value 'A=1 B=2'
            environment      | A="open   | No closing quotation
            user             | nosuchuser_zz | Invalid user name nosuchuser_zz
            user             | 987654    | Invalid user id 987654
            process_name     | a/b       | Invalid name: 'a/b' because of character: '/'
            stdout_events_enabled | 2    | not a valid boolean value: '2'
            """)
    void a_bad_program_value_names_its_key_line(String key, String value, String reason) {
        ConfigError e = refuse("[program:a]\ncommand=/bin/cat\n" + key + "=" + value + "\n");
        assertAt(e, reason, "program:a", 3);
        assertEquals(Optional.of(key), e.key());
        assertTrue(e.getMessage().endsWith("in section 'program:a' (file: '" + dir.resolve("supervisord.conf")
                + "', line " + (ConfigFixture.HEADER_LINES + 3) + ")"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            nosuch.mod:f                      | nosuch.mod:f cannot be resolved within [rpcinterface:x]
            nosuch                            | nosuch cannot be resolved within [rpcinterface:x]
            supervisor.rpcinterface:nosuch    | supervisor.rpcinterface:nosuch cannot be resolved within [rpcinterface:x]
            a b:c                             | ("EntryPoint must be in 'name=module:attrs [extras]' format", 'x=a b:c')
            """)
    void an_rpcinterface_factory_that_does_not_resolve_is_refused_at_its_line(String spec, String reason) {
        ConfigError e = refuse("[rpcinterface:x]\nsupervisor.rpcinterface_factory = " + spec + "\n");
        assertAt(e, reason, "rpcinterface:x", 2);
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            ``                                | ("EntryPoint must be in 'name=module:attrs [extras]' format", 'x=')
            a:b:c                             | ("EntryPoint must be in 'name=module:attrs [extras]' format", 'x=a:b:c')
            supervisor.dispatchers:nosuch     | supervisor.dispatchers:nosuch cannot be resolved within [eventlistener:e]
            """)
    void a_result_handler_that_does_not_resolve_is_refused_at_its_line(String spec, String reason) {
        ConfigError e = refuse("[eventlistener:e]\ncommand=/bin/cat\nevents=TICK_5\nresult_handler=" + spec + "\n");
        assertAt(e, reason, "eventlistener:e", 4);
    }

    @Test
    void supervisors_own_rpcinterface_factory_resolves() throws Exception {
        ConfigFixture.load(dir, "[rpcinterface:supervisor]\n"
                + "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n");
    }

    @Test
    void only_a_process_option_error_names_its_section_as_supervisord_does() {
        // supervisord appends "in section '<s>' (file: '<f>')" in processes_from_section only
        String file = dir.resolve("supervisord.conf").toString();
        ConfigError e = refuse("[program:a]\ncommand=/bin/cat\nautostart=maybe\n");
        assertEquals("not a valid boolean value: 'maybe' in section 'program:a' (file: '" + file + "')",
                e.supervisordMessage());
        assertEquals("not a valid boolean value: 'maybe' in section 'program:a' (file: '" + file + "', line "
                + (ConfigFixture.HEADER_LINES + 3) + ")", e.getMessage());
        for (String body : new String[] {"[inet_http_server]\nport=nope:x\n",
                "[eventlistener:e]\ncommand=/bin/cat\nevents=TICK_5\nbuffer_size=0\n",
                "[group:g]\nprograms=missing\n"}) {
            e = refuse(body);
            assertEquals(e.reason(), e.supervisordMessage(), body);
            assertTrue(e.getMessage().startsWith(e.reason() + " (file: '" + file + "', line "), e.getMessage());
        }
    }

    @Test
    void a_daemon_option_error_is_supervisords_reason_with_file_and_line() throws Exception {
        Path f = dir.resolve("d.conf");
        java.nio.file.Files.writeString(f, "[supervisord]\nlogfile=/tmp/x.log\nminfds=abc\n");
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(f));
        assertEquals("invalid literal for int() with base 10: 'abc'", e.supervisordMessage());
        assertEquals("invalid literal for int() with base 10: 'abc' (file: '" + f + "', line 3)", e.getMessage());
    }

    @Test
    void a_huge_socket_backlog_gets_supervisords_range_message() {
        ConfigError e = refuse("[fcgi-program:f]\ncommand=/bin/cat\nsocket=unix:///tmp/f.sock\n"
                + "socket_backlog=99999999999\n");
        assertAt(e, "Invalid socket_backlog value 99999999999", "fcgi-program:f", 4);
        assertEquals("Invalid socket_backlog value 99999999999", e.supervisordMessage());
    }

    @Test
    void a_missing_command_points_at_the_section_header() {
        assertAt(refuse("\n[program:a]\nautostart=false\n"), "program section program:a does not specify a command",
                "program:a", 2);
    }

    @Test
    void numprocs_without_process_num_points_at_process_name_or_the_header() {
        assertAt(refuse("[program:a]\ncommand=x\nnumprocs=2\n"),
                "%(process_num) must be present within process_name when numprocs > 1", "program:a", 1);
        assertAt(refuse("[program:a]\ncommand=x\nnumprocs=2\nprocess_name=a\n"),
                "%(process_num) must be present within process_name when numprocs > 1", "program:a", 4);
    }

    @Test
    void expansion_errors_use_supervisords_wording() {
        assertAt(refuse("[program:a]\ncommand=/bin/cat %\n"),
                "Format string '/bin/cat %' for 'program:a.command' is badly formatted: incomplete format",
                "program:a", 2);
        ConfigError e = refuse("[program:a]\ncommand=/bin/cat %(ENV_NOT_SET_X)s\n");
        assertTrue(e.reason().startsWith("Format string '/bin/cat %(ENV_NOT_SET_X)s' for 'program:a.command' "
                + "contains names ('ENV_NOT_SET_X') which cannot be expanded. Available names: "), e.reason());
        assertTrue(e.reason().endsWith(", group_name, here, host_node_name, numprocs, process_num, program_name"),
                e.reason());
        assertEquals(ConfigFixture.HEADER_LINES + 2, e.line());
    }

    @Test
    void event_listener_errors() {
        assertAt(refuse("[eventlistener:e]\ncommand=x\nevents=PROCESS_STATE,NOPE\n"),
                "Unknown event type NOPE in [eventlistener:e] events", "eventlistener:e", 3);
        assertAt(refuse("[eventlistener:e]\ncommand=x\n"), "[eventlistener:e] section requires an \"events\" line",
                "eventlistener:e", 1);
        assertAt(refuse("[eventlistener:e]\ncommand=x\nevents=TICK_5\nbuffer_size=0\n"),
                "[eventlistener:e] section sets invalid buffer_size (0)", "eventlistener:e", 4);
    }

    @Test
    void group_naming_an_unknown_program() {
        assertAt(refuse("[group:g]\nprograms=a, b\n[program:a]\ncommand=x\n"),
                "[program:a] names unknown program or fcgi-program b", "group:g", 2);
    }

    @Test
    void server_section_errors() {
        assertAt(refuse("[inet_http_server]\nport=localhost:70000\n"), "70000 is above upper bound (65535)",
                "inet_http_server", 2);
        assertAt(refuse("[inet_http_server]\nport=70000\n"), "not a valid port number: '70000' ",
                "inet_http_server", 2);
        assertAt(refuse("[inet_http_server]\nport=nope\n"), "not a valid port number: 'nope' ", "inet_http_server",
                2);
        assertAt(refuse("[inet_http_server]\n"), "section [inet_http_server] has no port value", "inet_http_server",
                1);
        assertAt(refuse("[unix_http_server]\nfile=/tmp/x.sock\nusername=u\n"),
                "Section [unix_http_server] contains incomplete authentication: If a username or a password is "
                        + "specified, both the username and password must be specified", "unix_http_server", 3);
        assertAt(refuse("[unix_http_server]\nfile=/tmp/x.sock\nchmod=abc\n"), "Invalid chmod value abc",
                "unix_http_server", 3);
    }

    @Test
    void supervisord_section_errors() {
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(write("[supervisord]\nloglevel=loud\n")));
        assertEquals("bad logging level name 'loud'", e.reason());
        assertEquals(2, e.line());
        e = assertThrows(ConfigError.class, () -> ConfigLoader.load(write("[supervisord]\nminfds=lots\n")));
        assertEquals("invalid literal for int() with base 10: 'lots'", e.reason());
        e = assertThrows(ConfigError.class, () -> ConfigLoader.load(write("[supervisord]\nchildlogdir=/nope/x\n")));
        assertEquals("/nope/x is not an existing directory", e.reason());
        e = assertThrows(ConfigError.class, () -> ConfigLoader.load(write("[program:a]\ncommand=x\n")));
        assertEquals(".ini file does not include supervisord section", e.reason());
    }

    @Test
    void ini_syntax_errors_name_the_first_bad_line() {
        ConfigError e = refuse("[program:a]\ncommand=x\njunk\nmore junk\n");
        assertEquals("Source contains parsing errors: '" + dir.resolve("supervisord.conf") + "'\n\t[line  6]: "
                + "'junk\\n'\n\t[line  7]: 'more junk\\n'", e.reason());
        assertEquals(6, e.line());
        e = assertThrows(ConfigError.class, () -> ConfigLoader.load(write("x=1\n[supervisord]\n")));
        assertEquals("File contains no section headers.\nfile: '" + dir.resolve("plain.conf")
                + "', line: 1\n'x=1\\n'", e.reason());
        assertEquals(1, e.line());
    }

    @Test
    void an_error_in_an_included_file_names_that_file_and_line() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("extra.ini"), "\n\n[program:b]\ncommand=x\nstartsecs=-\n");
        ConfigError e = refuse("[include]\nfiles=extra.ini\n");
        assertEquals(Optional.of(dir.resolve("extra.ini")), e.file());
        assertEquals(5, e.line());
        assertEquals("invalid literal for int() with base 10: '-'", e.reason());
    }

    @Test
    void a_missing_file() {
        ConfigError e = assertThrows(ConfigError.class, () -> ConfigLoader.load(dir.resolve("nope.conf")));
        assertEquals("could not find config file " + dir.resolve("nope.conf"), e.getMessage());
    }

    private Path write(String text) {
        try {
            Path f = dir.resolve("plain.conf");
            java.nio.file.Files.writeString(f, text);
            return f;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
