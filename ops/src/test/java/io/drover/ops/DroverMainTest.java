package io.drover.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.config.ConfigLoader;
import io.drover.config.DaemonSettings;
import io.drover.config.LogLevel;
import io.drover.config.LogTarget;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** drover's command line, run in-process through {@link DroverMain#run(String...)}. */
class DroverMainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return new DroverMain(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), "drover").run(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path config(String body) throws Exception {
        Path f = dir.resolve("supervisord.conf");
        Files.writeString(f, "[supervisord]\nlogfile=" + dir.resolve("sd.log") + "\npidfile=" + dir.resolve("sd.pid")
                + "\n" + body);
        return f;
    }

    @Test
    void echo_config_prints_a_sample_that_passes_check() throws Exception {
        assertEquals(0, run("--echo-config"));
        String sample = out();
        assertTrue(sample.contains("[supervisord]") && sample.contains(";[program:theprogramname]"), sample);
        Path f = dir.resolve("sample.conf");
        Files.writeString(f, sample);
        out.reset();
        assertEquals(0, run("--check", "-c", f.toString()), err());
        assertTrue(out().startsWith("Configuration OK: " + f), out());
    }

    @Test
    void profile_options_is_accepted_as_supervisord_and_ignored() throws Exception {
        // The handbook's "supervisord --profile_options=cumulative,callers" must not be refused.
        Path f = config("[program:web]\ncommand=/bin/cat\n");
        assertEquals(0, run("--profile_options=cumulative,callers", "--check", "-c", f.toString()), err());
        assertTrue(out().startsWith("Configuration OK: " + f), out());
        assertTrue(err().contains("--profile_options is ignored"), err());
        assertEquals(2, run("--profile_options"), "needs a value, as supervisord's getopt");
        assertTrue(err().contains("Error: option --profile_options requires argument"), err());
    }

    @Test
    void echo_config_sample_is_accepted_by_the_real_supervisord() throws Exception {
        // The sample is meant to be a supervisord.conf: supervisord's own config code must take it as it is.
        Path supervisord = Path.of("/usr/bin/supervisord");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(supervisord), "needs supervisord 4.2.5");
        assertEquals(0, run("--echo-config"));
        Path f = dir.resolve("sample.conf");
        Files.writeString(f, out());
        String python = Files.readAllLines(supervisord).get(0).substring(2).trim();
        Process p = new ProcessBuilder(python, "-c", "import sys\nfrom supervisor.options import ServerOptions\n"
                + "o = ServerOptions(); o.configfile = sys.argv[1]; o.process_config(do_usage=False)\n"
                + "print(sorted(g.name for g in o.process_group_configs))", f.toString())
                .redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "supervisord's config code hung");
        assertEquals(0, p.exitValue(), said);
    }

    @Test
    void check_prints_groups_and_processes() throws Exception {
        Path f = config("[program:web]\ncommand=/bin/cat\nprocess_name=web_%(process_num)d\nnumprocs=2\n"
                + "[inet_http_server]\nport=127.0.0.1:9123\n[include]\nfiles=none-*.conf\n");
        assertEquals(0, run("--check", "-c", f.toString()), err());
        assertTrue(out().contains("1 group(s), 2 process(es)"), out());
        assertTrue(out().contains("  web [program, priority 999]: web_0 web_1"), out());
        assertTrue(out().contains("inet_http_server: 127.0.0.1:9123"), out());
        assertTrue(out().contains("warning: No file matches via include"), out());
    }

    @Test
    void check_lists_webhooks_without_secrets() throws Exception {
        Path f = config("[webhook:ops]\nurl=https://h.example/x?token=t0ken\nevents=PROCESS_STATE, TICK_60\n"
                + "headers=Authorization: Bearer s3cr3t\nsecret=hunter2\n");
        assertEquals(0, run("--check", "-c", f.toString()), err());
        assertTrue(out().contains("webhook:ops -> https://h.example/x events PROCESS_STATE,TICK_60 headers"
                + " Authorization signed, retries 5, queue 100"), out());
        for (String secret : new String[] {"t0ken", "s3cr3t", "hunter2"}) {
            assertFalse(out().contains(secret), out());
        }
    }

    @Test
    void a_bad_config_prints_supervisords_two_lines_and_exits_2() throws Exception {
        Path f = config("[program:a]\ncommand=/bin/cat\nautorestart=sometimes\n");
        assertEquals(2, run("--check", "-c", f.toString()));
        assertEquals("Error: invalid 'autorestart' value 'sometimes' in section 'program:a' (file: '" + f
                + "', line 6)\nFor help, use drover -h\n", err());
        assertEquals("", out());
    }

    @Test
    void a_missing_config_file() {
        assertEquals(2, run("-c", dir.resolve("nope.conf").toString()));
        assertTrue(err().startsWith("Error: could not find config file " + dir.resolve("nope.conf") + "\n"), err());
    }

    @Test
    void usage_errors_read_as_supervisords() throws Exception {
        assertEquals(2, run("--bogus"));
        assertEquals("Error: option --bogus not recognized\nFor help, use drover -h\n", err());
        err.reset();
        assertEquals(2, run("-m", "999", "-c", config("").toString()));
        assertEquals("Error: invalid value for -m '999': 999 can not be converted to an octal type\n"
                + "For help, use drover -h\n", err());
        err.reset();
        assertEquals(2, run("--loglevel=loud", "-c", config("").toString()));
        assertTrue(err().startsWith("Error: invalid value for --loglevel 'loud': bad logging level name 'loud'"),
                err());
        err.reset();
        assertEquals(2, run("-u", "nosuchuser_zz", "-c", config("").toString()));
        assertTrue(err().startsWith("Error: Invalid user name nosuchuser_zz\n"), err());
        err.reset();
        assertEquals(2, run("--nodaemon=3"));
        assertEquals("Error: option --nodaemon must not have an argument\nFor help, use drover -h\n", err());
        err.reset();
        assertEquals(2, run("extra"));
        assertTrue(err().startsWith("Error: positional arguments are not supported: ['extra']"), err());
    }

    @Test
    void version_and_help_exit_0() {
        assertEquals(0, run("-v"));
        assertEquals(DroverMain.version() + "\n", out());
        out.reset();
        assertEquals(0, run("-h"));
        assertTrue(out().contains("--configuration") && out().contains("--nodaemon"), out());
    }

    @Test
    void command_line_values_override_the_file() throws Exception {
        DaemonSettings file = ConfigLoader.load(config("[supervisord]\nloglevel=warn\numask=077\nidentifier=f\n"))
                .daemon();
        DaemonOptions opts = new DaemonOptions(Optional.empty(), true, false, Optional.empty(), Optional.of(022),
                Optional.empty(), Optional.of("syslog"), Optional.of(1024L), Optional.empty(),
                Optional.of(LogLevel.DEBG), Optional.of("x.pid"), Optional.empty(), Optional.empty(), true,
                Optional.of(10), false, Optional.empty());
        DaemonSettings d = opts.applyTo(file);
        assertEquals(022, d.umask());
        assertEquals(LogLevel.DEBG, d.loglevel());
        assertEquals(new LogTarget.Syslog(), d.logfile());
        assertEquals(1024L, d.logfileMaxbytes());
        assertEquals(Path.of("x.pid").toAbsolutePath(), d.pidfile());
        assertTrue(d.nodaemon() && d.nocleanup());
        assertEquals(10, d.minfds());
        assertEquals("f", d.identifier());
        assertEquals(file.minprocs(), d.minprocs());
        assertEquals(file, DaemonOptions.none().applyTo(file));
    }
}
