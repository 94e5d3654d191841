package io.drover.ops;

import io.drover.config.ConfigError;
import io.drover.config.ConfigLoader;
import io.drover.config.GroupSpec;
import io.drover.config.LoadedConfig;
import io.drover.config.ProcessSpec;
import io.drover.config.SupervisorConfig;
import io.drover.config.WebhookSpec;
import io.drover.config.LogLevel;
import io.drover.config.OptionValues;
import io.drover.node.NodeRuntime;
import io.drover.node.StartupTrace;
import io.drover.ops.cli.Getopt;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code drover}: supervisord's command line ({@code -c}, {@code -n}, {@code -u}, ... with its checks and messages)
 * plus {@code --check} and {@code --echo-config}. Usage errors and config errors print {@code Error: ...} and
 * {@code For help, use <argv0> -h} on stderr and exit 2, as supervisord does.
 */
public final class DroverMain {
    static final String SAMPLE_RESOURCE = "/io/drover/ops/sample-supervisord.conf";

    private final PrintStream out;
    private final PrintStream err;
    private final String argv0;

    DroverMain(PrintStream out, PrintStream err, String argv0) {
        this.out = out;
        this.err = err;
        this.argv0 = argv0;
    }

    public static void main(String[] args) {
        StartupTrace.mark("main");
        StartupPreload.start();
        String argv0 = System.getProperty("drover.launcher", "drover");
        System.exit(new DroverMain(System.out, System.err, argv0).run(args));
    }

    /** supervisord's options ({@code ServerOptions}) as getopt is given them. */
    private static final String SHORT_OPTS = "h?c:vnu:m:d:l:y:z:e:j:i:q:a:kts";
    private static final List<String> LONG_OPTS = List.of("help", "configuration=", "version", "nodaemon", "user=",
            "umask=", "directory=", "logfile=", "logfile_maxbytes=", "logfile_backups=", "loglevel=", "pidfile=",
            "identifier=", "childlogdir=", "minfds=", "minprocs=", "nocleanup", "strip_ansi", "profile_options=",
            "silent");
    /** Drover's own options: never abbreviated, so every prefix keeps supervisord's meaning. */
    private static final List<String> DROVER_OPTS = List.of("check", "echo-config");
    private static final Map<String, String> SHORT_TO_LONG = Map.ofEntries(Map.entry("-h", "--help"),
            Map.entry("-?", "--help"), Map.entry("-c", "--configuration"), Map.entry("-v", "--version"),
            Map.entry("-n", "--nodaemon"), Map.entry("-u", "--user"), Map.entry("-m", "--umask"),
            Map.entry("-d", "--directory"), Map.entry("-l", "--logfile"), Map.entry("-y", "--logfile_maxbytes"),
            Map.entry("-z", "--logfile_backups"), Map.entry("-e", "--loglevel"), Map.entry("-j", "--pidfile"),
            Map.entry("-i", "--identifier"), Map.entry("-q", "--childlogdir"), Map.entry("-a", "--minfds"),
            Map.entry("-k", "--nocleanup"), Map.entry("-t", "--strip_ansi"), Map.entry("-s", "--silent"));

    /** Runs the command and returns the exit code instead of exiting. */
    public int run(String... argv) {
        Map<String, Object> given = new HashMap<>();
        int done = parse(argv, given);
        if (done >= 0) {
            return done;
        }
        if (given.containsKey("--profile_options")) {
            // supervisord runs itself under cProfile; a unit file or script that passes this must still start.
            err.println("drover: --profile_options is ignored (Drover is a JVM: use JDK Flight Recorder)");
        }
        if (given.containsKey("--echo-config")) {
            out.print(sampleConfig());
            return 0;
        }
        String launchedWith = System.getenv(NodeRuntime.DAEMONIZED_MARKER);
        if (launchedWith != null && launchedWith.startsWith("/")) {
            // The detached daemon runs in [supervisord] directory / -d: the file the launcher read, by its absolute
            // path, not a relative -c (nor the search path) resolved again from there.
            given.put("--configuration", Path.of(launchedWith));
        }
        DaemonOptions opts = options(given);
        SupervisorConfig cfg;
        LoadedConfig loaded;
        try {
            loaded = load(opts.configuration());
            StartupTrace.mark("config read");
            cfg = loaded.config();
            cfg = cfg.withDaemon(opts.applyTo(cfg.daemon()));
        } catch (ConfigError e) {
            return usage(e.getMessage());
        }
        if (opts.user().isPresent()) {
            // supervisord checks -u only after the file has been read, so a config error is reported first.
            try {
                OptionValues.user(opts.user().get());
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
        }
        if (given.containsKey("--check")) {
            printSummary(cfg);
            loaded.warnings().forEach(w -> out.println("warning: " + w));
            return 0;
        }
        // Without -n this JVM only starts the detached daemon (Daemon.run): that JVM serves, not this one.
        StartupPreload.configRead(cfg, cfg.daemon().nodaemon() || launchedWith != null);
        return Daemon.run(new LoadedConfig(cfg, loaded.warnings(), loaded.infos()), opts);
    }

    private LoadedConfig load(Optional<Path> configuration) {
        if (configuration.isPresent()) {
            return ConfigLoader.read(configuration.get(), NodeRuntime.daemonEnvironment());
        }
        Optional<Path> found = ConfigLoader.locate();
        if (found.isPresent()) {
            return ConfigLoader.read(found.get(), NodeRuntime.daemonEnvironment());
        }
        err.println("drover: no config file found at default paths ("
                + ConfigLoader.searchPaths().stream().map(Path::toString).collect(Collectors.joining(", "))
                + "); using the built-in default configuration");
        return new LoadedConfig(ConfigLoader.loadDefault(), java.util.List.of(), java.util.List.of());
    }

    private int usage(String message) {
        err.println("Error: " + message);
        err.println("For help, use " + argv0 + " -h");
        return 2;
    }

    /**
     * Reads the command line into {@code given} (each option by its long name, with its checked value); returns -1
     * to go on, or the exit code when it is done: {@code -h}, {@code -v} or a usage error (printed).
     */
    int parse(String[] argv, Map<String, Object> given) {
        Getopt.Result parsed;
        try {
            parsed = Getopt.parse(argv, SHORT_OPTS, LONG_OPTS, DROVER_OPTS);
        } catch (Getopt.Error e) {
            return usage(e.getMessage());
        }
        if (!parsed.args().isEmpty()) {
            return usage("positional arguments are not supported: " + parsed.args().stream().map(OptionValues::repr)
                    .collect(Collectors.joining(", ", "[", "]")));
        }
        // As supervisord's realize(): each option in command-line order is checked, then refused if given twice;
        // -h and -v act when their turn comes (so "-e bad -v" is an error and "-v -e bad" prints the version).
        for (Getopt.Opt o : parsed.options()) {
            String name = SHORT_TO_LONG.getOrDefault(o.name(), o.name());
            if (name.equals("--help")) {
                out.print(help());
                return 0;
            }
            if (name.equals("--version")) {
                out.println(version());
                return 0;
            }
            Object value;
            try {
                value = value(name, o.value());
            } catch (IllegalArgumentException e) {
                return usage("invalid value for " + o.name() + " " + OptionValues.repr(o.value()) + ": "
                        + e.getMessage());
            }
            if (given.putIfAbsent(name, value) != null) {
                return usage("conflicting command line option " + OptionValues.repr(o.name()));
            }
        }
        return -1;
    }

    /** The option's value as supervisord's handler for it makes it, or its reason to refuse it. */
    private static Object value(String name, String text) {
        return switch (name) {
            case "--configuration" -> Path.of(text);
            case "--umask" -> OptionValues.octal(text);
            case "--directory", "--childlogdir" -> OptionValues.existingDirectory(text);
            case "--logfile", "--pidfile" -> OptionValues.existingDirpath(text);
            case "--logfile_maxbytes" -> OptionValues.byteSize(text);
            case "--logfile_backups", "--minfds", "--minprocs" -> OptionValues.integer(text);
            case "--loglevel" -> OptionValues.logLevel(text);
            case "--user", "--identifier", "--profile_options" -> text;
            default -> Boolean.TRUE; // a flag: -n, -s, -k, -t, --check, --echo-config
        };
    }

    static DaemonOptions options(Map<String, Object> given) {
        return new DaemonOptions(
                get(given, "--configuration", Path.class), given.containsKey("--nodaemon"),
                given.containsKey("--silent"), get(given, "--user", String.class),
                get(given, "--umask", Integer.class), get(given, "--directory", Path.class),
                nonEmpty(get(given, "--logfile", String.class)), get(given, "--logfile_maxbytes", Long.class),
                get(given, "--logfile_backups", Integer.class), get(given, "--loglevel", LogLevel.class),
                nonEmpty(get(given, "--pidfile", String.class)), get(given, "--identifier", String.class),
                get(given, "--childlogdir", Path.class), given.containsKey("--nocleanup"),
                get(given, "--minfds", Integer.class), given.containsKey("--strip_ansi"),
                get(given, "--minprocs", Integer.class));
    }

    /** supervisord takes an empty {@code -l}/{@code -j} (given, so it still conflicts) as the file's setting. */
    private static Optional<String> nonEmpty(Optional<String> path) {
        return path.filter(p -> !p.isEmpty());
    }

    private static <T> Optional<T> get(Map<String, Object> given, String name, Class<T> type) {
        return Optional.ofNullable(given.get(name)).map(type::cast);
    }

    /** The {@code -h} text, laid out as supervisord's. */
    private String help() {
        return """
                drover -- run a set of programs as a supervisord-compatible daemon.

                Usage: %s [options]

                Options:
                -c/--configuration FILENAME -- configuration file path (searches if not given)
                -n/--nodaemon -- run in the foreground (same as 'nodaemon=true' in the config file)
                -s/--silent -- no logs to stdout (same as 'silent=true' in the config file)
                -h/--help -- print this usage message and exit
                -v/--version -- print Drover's version number and exit
                -u/--user USER -- run as this user (or numeric uid)
                -m/--umask UMASK -- umask of the daemon and its children (default 022)
                -d/--directory DIRECTORY -- directory to chdir to when daemonized
                -l/--logfile FILENAME -- log to FILENAME ('syslog' for the syslog service)
                -y/--logfile_maxbytes BYTES -- rotate the log file when it reaches BYTES (e.g. 50MB)
                -z/--logfile_backups NUM -- number of rotated log files to keep
                -e/--loglevel LEVEL -- log level (critical,error,warn,info,debug,trace,blather)
                -j/--pidfile FILENAME -- write the daemon's pid to FILENAME
                -i/--identifier STR -- identifier of this instance (getIdentification)
                -q/--childlogdir DIRECTORY -- directory for AUTO child log files
                -k/--nocleanup -- keep old AUTO child log files at startup
                -a/--minfds NUM -- file descriptors that must be available to start
                -t/--strip_ansi -- strip ANSI escape codes from process output
                --minprocs NUM -- processes that must be available to start
                --profile_options OPTIONS -- accepted for supervisord's sake and ignored
                                             (profile Drover with JDK Flight Recorder)
                --check -- check the configuration, print its groups and exit (Drover only)
                --echo-config -- print a commented sample configuration and exit (Drover only)
                """.formatted(argv0);
    }

    private void printSummary(SupervisorConfig cfg) {
        int processes = cfg.groups().stream().mapToInt(g -> g.processes().size()).sum();
        out.println("Configuration OK: " + cfg.source());
        out.println(cfg.groups().size() + " group(s), " + processes + " process(es)");
        for (GroupSpec g : cfg.groups()) {
            out.println("  " + g.name() + " [" + g.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + ", priority " + g.priority() + "]: " + g.processes().stream().map(ProcessSpec::name)
                    .collect(Collectors.joining(" ")));
        }
        cfg.inetServers().forEach(s -> out.println(s.section() + ": "
                + (s.host().isEmpty() ? "*" : s.host()) + ":" + s.port()));
        cfg.unixServers().forEach(s -> out.println(s.section() + ": " + s.file()));
        // The URL without its query or user info, header names only, and whether a secret is set: never a value.
        for (WebhookSpec w : cfg.webhooks()) {
            out.println("webhook:" + w.name() + " -> " + w.safeUrl() + " events " + String.join(",", w.events())
                    + (w.headers().isEmpty() ? "" : " headers " + String.join(",", w.headers().keySet()))
                    + (w.secret().isPresent() ? " signed" : "") + ", retries " + w.retries() + ", queue "
                    + w.queueSize());
        }
    }

    static String version() {
        Package p = DroverMain.class.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    static String sampleConfig() {
        try (InputStream in = DroverMain.class.getResourceAsStream(SAMPLE_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the sample config resource is missing", e);
        }
    }

}
