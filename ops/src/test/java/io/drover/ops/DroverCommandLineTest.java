package io.drover.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.drover.config.LogLevel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * drover's command line against supervisord 4.2.5's, case by case: each case's {@code Error: ...} line is the one the
 * real supervisord printed (recorded here, so the table holds without it); where {@code /usr/bin/supervisord} is
 * installed, it is run on every case too and must still print exactly that. Every case is refused at option time (or
 * is {@code -h}/{@code -v}), so neither program ever reads a config or starts.
 */
class DroverCommandLineTest {
    private static final Path SUPERVISORD = Path.of("/usr/bin/supervisord");
    /** supervisord's progname is its argv[0]; drover is given the same name so the two lines compare whole. */
    private static final String PROGNAME = SUPERVISORD.toString();
    private static final String MISSING = "/nonexistent-drover-cli";

    /** {@code argv} must make supervisord print {@code Error: <error>} and {@code For help, ...}, exit 2. */
    private record Case(List<String> argv, String error) {
    }

    private static Case refused(String error, String... argv) {
        return new Case(List.of(argv), error);
    }

    private static final List<Case> CASES = List.of(
            // getopt's own refusals
            refused("option -x not recognized", "-x"),
            refused("option -x not recognized", "-nx"),
            refused("option -x not recognized", "-x", "-h"),
            refused("option --bogus not recognized", "--bogus"),
            refused("option --c not a unique prefix", "--c"),
            refused("option --mi not a unique prefix", "--mi"),
            refused("option --min not a unique prefix", "--min=5"),
            refused("option --configuration requires argument", "--conf"),
            refused("option --childlogdir requires argument", "--ch"),
            refused("option --e not recognized", "--e"),
            refused("option --che not recognized", "--che"),
            refused("option -c requires argument", "-c"),
            refused("option --minprocs requires argument", "--minprocs"),
            refused("option --profile_options requires argument", "--profile_options"),
            refused("option --nodaemon must not have an argument", "--nod=1"),
            // positional arguments, checked before any option acts
            refused("positional arguments are not supported: ['extra']", "extra"),
            refused("positional arguments are not supported: ['extra', '-x']", "-n", "extra", "-x"),
            refused("positional arguments are not supported: ['-n']", "--", "-n"),
            refused("positional arguments are not supported: ['-']", "-"),
            refused("positional arguments are not supported: ['extra']", "-h", "extra"),
            // values refused by the option's handler, in command-line order (before -v acts)
            refused("invalid value for -e 'bad': bad logging level name 'bad'", "-e", "bad", "-v"),
            refused("invalid value for -e 'bad': bad logging level name 'bad'", "-e", "info", "-e", "bad"),
            refused("invalid value for --loglevel 'LOUD': bad logging level name 'LOUD'", "--loglevel=LOUD"),
            refused("invalid value for -e \"it's\": bad logging level name \"it's\"", "-e", "it's"),
            refused("invalid value for -m '8888': 8888 can not be converted to an octal type", "-m", "8888"),
            refused("invalid value for --umask 'abc': abc can not be converted to an octal type", "--umask", "abc"),
            refused("invalid value for -a 'notanumber': invalid literal for int() with base 10: 'notanumber'",
                    "-a", "notanumber"),
            refused("invalid value for --minprocs 'x': invalid literal for int() with base 10: 'x'", "--minprocs=x"),
            refused("invalid value for -y '1XB': invalid literal for int() with base 10: '1xb'", "-y", "1XB"),
            refused("invalid value for -y 'q': invalid literal for int() with base 10: 'q'", "-yq"),
            refused("invalid value for -z 'q': invalid literal for int() with base 10: 'q'", "-z", "q"),
            refused("invalid value for --logfile_backups 'x': invalid literal for int() with base 10: 'x'",
                    "--logfile_b=x"),
            refused("invalid value for -d '" + MISSING + "': " + MISSING + " is not an existing directory",
                    "-d", MISSING),
            refused("invalid value for -q '" + MISSING + "': " + MISSING + " is not an existing directory",
                    "-q", MISSING),
            refused("invalid value for -l '" + MISSING + "/x': The directory named as part of the path " + MISSING
                    + "/x does not exist", "-l", MISSING + "/x"),
            refused("invalid value for -j '" + MISSING + "/x': The directory named as part of the path " + MISSING
                    + "/x does not exist", "-j", MISSING + "/x"),
            // every option, given twice, is accepted once and then refused by the name it was given as
            refused("conflicting command line option '-c'", "-cFILE", "-c", "x"),
            refused("conflicting command line option '-n'", "-n", "-n"),
            refused("conflicting command line option '-s'", "-ss"),
            refused("conflicting command line option '--silent'", "--silent", "--sil"),
            refused("conflicting command line option '-u'", "-u", "a", "-u", "b"),
            refused("conflicting command line option '-m'", "-m", "022", "-m", "077"),
            refused("conflicting command line option '-d'", "-d", "/", "-d", "/"),
            refused("conflicting command line option '-l'", "-l", "x", "-l", "y"),
            refused("conflicting command line option '-y'", "-y", "1MB", "-y", "2MB"),
            refused("conflicting command line option '-z'", "-z", "1", "-z", "2"),
            refused("conflicting command line option '-e'", "-e", "info", "-e", "debug"),
            refused("conflicting command line option '--loglevel'", "-e", "info", "--loglevel=debug"),
            refused("conflicting command line option '-j'", "-j", "x", "-j", "y"),
            refused("conflicting command line option '--identifier'", "-i", "a", "--ident=b"),
            refused("conflicting command line option '-q'", "-q", "/", "-q", "/"),
            refused("conflicting command line option '--nocleanup'", "-k", "--nocleanup"),
            refused("conflicting command line option '-a'", "-a", "5", "-a", "6"),
            refused("conflicting command line option '-t'", "-t", "-t"),
            refused("conflicting command line option '--strip_ansi'", "--strip", "--strip_ansi"),
            refused("conflicting command line option '--minprocs'", "--minprocs=1", "--minprocs=2"),
            refused("conflicting command line option '--profile_options'", "--profile_options=a",
                    "--profile_options=b"));

    @TempDir
    Path dir;

    /** What one program printed and how it exited. */
    private record Outcome(int exit, String out, String err) {
    }

    private Outcome drover(List<String> argv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new DroverMain(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), PROGNAME).run(argv.toArray(String[]::new));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs /usr/bin/supervisord on each argv, all at once, and collects them in order. */
    private List<Outcome> supervisord(List<List<String>> argvs) throws Exception {
        List<Process> started = new ArrayList<>();
        try {
            for (int i = 0; i < argvs.size(); i++) {
                List<String> cmd = new ArrayList<>(List.of(PROGNAME));
                cmd.addAll(argvs.get(i));
                started.add(new ProcessBuilder(cmd).directory(dir.toFile())
                        .redirectOutput(dir.resolve(i + ".out").toFile())
                        .redirectError(dir.resolve(i + ".err").toFile()).start());
            }
            List<Outcome> outcomes = new ArrayList<>();
            for (int i = 0; i < started.size(); i++) {
                Process p = started.get(i);
                assertTrue(p.waitFor(60, TimeUnit.SECONDS), "supervisord " + argvs.get(i) + " did not exit");
                outcomes.add(new Outcome(p.exitValue(), Files.readString(dir.resolve(i + ".out")),
                        Files.readString(dir.resolve(i + ".err"))));
            }
            return outcomes;
        } finally {
            for (Process p : started) {
                if (p.isAlive()) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static String usage(String error) {
        return "Error: " + error + "\nFor help, use " + PROGNAME + " -h\n";
    }

    @Test
    void every_refusal_reads_as_supervisords() throws Exception {
        for (Case c : CASES) {
            assertEquals(new Outcome(2, "", usage(c.error())), drover(c.argv()), "drover " + c.argv());
        }
        if (Files.isExecutable(SUPERVISORD)) {
            List<Outcome> real = supervisordOptions(CASES.stream().map(Case::argv).toList());
            for (int i = 0; i < CASES.size(); i++) {
                Case c = CASES.get(i);
                assertEquals(new Outcome(2, "", usage(c.error())), real.get(i), "supervisord " + c.argv());
            }
        }
    }

    /**
     * Each argv through the installed supervisord's own {@code ServerOptions.realize}, all in one Python process
     * (started with the interpreter on supervisord's {@code #!} line): 57 supervisord start-ups would take ~15 s of
     * CPU, this takes ~0.3 s. {@code realize} only parses (it never daemonizes), so no case can start a daemon.
     */
    private List<Outcome> supervisordOptions(List<List<String>> argvs) throws Exception {
        String python = Files.readAllLines(SUPERVISORD).get(0).substring(2).trim().split(" ")[0];
        Path cases = dir.resolve("cases.tsv");
        StringBuilder lines = new StringBuilder();
        argvs.forEach(a -> lines.append(String.join("\t", a)).append('\n'));
        Files.writeString(cases, lines);
        String script = String.join("\n",
                "import io, sys",
                "from supervisor.options import ServerOptions",
                "for line in open(sys.argv[1], encoding='utf-8').read().split('\\n')[:-1]:",
                "    o = ServerOptions()",
                "    o.stdout, o.stderr = io.StringIO(), io.StringIO()",
                "    try:",
                "        o.realize(line.split('\\t'), doc='', progname=sys.argv[2])",
                "        code = -1",
                "    except SystemExit as e:",
                "        code = e.code",
                "    sys.stdout.write('%s\\x1f%s\\x1f%s\\x1e' % (code, o.stdout.getvalue(), o.stderr.getvalue()))");
        Process p = new ProcessBuilder(python, "-c", script, cases.toString(), PROGNAME).directory(dir.toFile())
                .redirectOutput(dir.resolve("py.out").toFile()).redirectError(dir.resolve("py.err").toFile()).start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python did not exit");
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("py.err")));
        List<Outcome> outcomes = new ArrayList<>();
        for (String record : Files.readString(dir.resolve("py.out")).split("\u001e")) {
            String[] f = record.split("\u001f", -1);
            outcomes.add(new Outcome(Integer.parseInt(f[0]), f[1], f[2]));
        }
        assertEquals(argvs.size(), outcomes.size());
        return outcomes;
    }

    @Test
    void version_acts_at_its_turn_and_exits_0() throws Exception {
        List<List<String>> argvs = List.of(List.of("-v"), List.of("--vers"), List.of("-v", "-e", "bad"),
                List.of("-n", "--version", "-e", "bad"));
        for (List<String> argv : argvs) {
            assertEquals(new Outcome(0, DroverMain.version() + "\n", ""), drover(argv), "drover " + argv);
        }
        if (Files.isExecutable(SUPERVISORD)) {
            for (Outcome o : supervisord(argvs)) {
                assertEquals(0, o.exit());
                assertTrue(o.out().matches("4\\.2\\.5\n") && o.err().isEmpty(), o.toString());
            }
        }
    }

    /** Drover's own wording, supervisord's layout: the same options, each as {@code -x/--long ARG -- what}. */
    @Test
    void help_lists_every_option_of_supervisords_in_its_layout() throws Exception {
        Outcome help = drover(List.of("-h"));
        assertEquals(0, help.exit());
        assertEquals(List.of("drover -- run a set of programs as a supervisord-compatible daemon.", "",
                "Usage: " + PROGNAME + " [options]", "", "Options:"), help.out().lines().limit(5).toList());
        assertEquals(help, drover(List.of("-?")));
        assertEquals(help, drover(List.of("--he", "-e", "bad")), "-h acts before the values after it are checked");
        List<String> ours = optionsIn(help.out());
        assertTrue(ours.containsAll(List.of("--check", "--echo-config")), ours.toString());
        if (Files.isExecutable(SUPERVISORD)) {
            List<Outcome> real = supervisord(List.of(List.of("-h"), List.of("-?")));
            assertEquals(0, real.get(0).exit());
            assertEquals(real.get(0), real.get(1));
            List<String> theirs = optionsIn(real.get(0).out());
            assertEquals(20, theirs.size(), theirs.toString());
            assertTrue(ours.containsAll(theirs), "supervisord's " + theirs + " vs drover's " + ours);
            assertEquals(theirs, ours.subList(0, theirs.size()), "in supervisord's order");
        }
    }

    /** The options a {@code -h} text describes, as {@code -c/--configuration} or {@code --minprocs}. */
    private static List<String> optionsIn(String help) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^((?:-.)?/?--[a-z_-]+)").matcher(help);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Each long option's unique prefix and each cluster sets what supervisord's would; Drover's own take none. */
    @Test
    void prefixes_and_clusters_set_the_same_options() {
        String conf = dir.resolve("d.conf").toString();
        Map<String, Object> given = new HashMap<>();
        assertEquals(-1, new DroverMain(System.out, System.err, PROGNAME).parse(new String[] {"-nkt", "-edebug",
            "--conf=" + conf, "--logfile_m", "1KB", "--logfile_b=3", "--iden", "x", "--us", "root", "--um=077",
            "--dir", "/", "--logfile", "syslog", "--pid=p.pid", "--chi=/", "--minf", "9", "--minp=8", "--sil", "--check"},
            given));
        DaemonOptions o = DroverMain.options(given);
        assertEquals(new DaemonOptions(Optional.of(Path.of(conf)), true, true, Optional.of("root"), Optional.of(077),
                Optional.of(Path.of("/")), Optional.of("syslog"), Optional.of(1024L), Optional.of(3),
                Optional.of(LogLevel.DEBG), Optional.of("p.pid"), Optional.of("x"), Optional.of(Path.of("/")), true,
                Optional.of(9), true, Optional.of(8)), o);
        assertTrue(given.containsKey("--check"));
        Map<String, Object> empty = new HashMap<>();
        assertEquals(-1, new DroverMain(System.out, System.err, PROGNAME).parse(new String[] {"-l", "", "--pid="},
                empty));
        assertEquals(DaemonOptions.none(), DroverMain.options(empty), "an empty -l or -j is the file's setting");
    }
}
