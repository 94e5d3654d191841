package io.drover.ops;

import io.drover.config.ConfigError;
import io.drover.config.ConfigLoader;
import io.drover.config.GroupSpec;
import io.drover.config.LoadedConfig;
import io.drover.config.ProcessSpec;
import io.drover.config.SupervisorConfig;
import io.drover.config.WebhookSpec;
import io.drover.config.OptionValues;
import io.drover.http.server.HttpServers;
import io.drover.node.NodeRuntime;
import io.drover.node.os.OsLayer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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
        preloadInBackground();
        String argv0 = System.getProperty("drover.launcher", "drover");
        System.exit(new DroverMain(System.out, System.err, argv0).run(args));
    }

    /**
     * The daemon's start is one thread's work until the actors run: libc's binding, the logging backend and Pekko
     * HTTP's header-parser tables are made on the second core meanwhile, while the main thread reads the config
     * (they do not depend on it).
     */
    private static void preloadInBackground() {
        Thread t = new Thread(() -> {
            try {
                OsLayer.preload();
                LoggerFactory.getILoggerFactory();
                HttpServers.preload();
            } catch (RuntimeException | LinkageError e) {
                // the main thread does the same work again and reports what fails
            }
        }, "drover-preload");
        t.setDaemon(true);
        t.start();
    }

    /** The command line as picocli binds it; values stay strings so supervisord's checks and wording apply. */
    @Command(name = "drover", sortOptions = false,
            description = "Run a set of programs as a supervisord-compatible daemon.")
    static final class Args {
        @Option(names = {"-c", "--configuration"}, paramLabel = "FILENAME",
                description = "configuration file path (searches if not given)")
        String configuration;
        @Option(names = {"-n", "--nodaemon"}, arity = "0",
                description = "run in the foreground (same as 'nodaemon=true')")
        boolean nodaemon;
        @Option(names = {"-s", "--silent"}, arity = "0", description = "no logs to stdout (same as 'silent=true')")
        boolean silent;
        @Option(names = {"-h", "-?", "--help"}, arity = "0", description = "print this usage message and exit")
        boolean help;
        @Option(names = {"-v", "--version"}, arity = "0", description = "print the version number and exit")
        boolean version;
        @Option(names = {"-u", "--user"}, paramLabel = "USER", description = "run as this user (or numeric uid)")
        String user;
        @Option(names = {"-m", "--umask"}, paramLabel = "UMASK", description = "umask for the daemon (default 022)")
        String umask;
        @Option(names = {"-d", "--directory"}, paramLabel = "DIRECTORY", description = "chdir here when daemonized")
        String directory;
        @Option(names = {"-l", "--logfile"}, paramLabel = "FILENAME", description = "use FILENAME as logfile path")
        String logfile;
        @Option(names = {"-y", "--logfile_maxbytes"}, paramLabel = "BYTES", description = "rotate the log at BYTES")
        String logfileMaxbytes;
        @Option(names = {"-z", "--logfile_backups"}, paramLabel = "NUM", description = "rotated log files to keep")
        String logfileBackups;
        @Option(names = {"-e", "--loglevel"}, paramLabel = "LEVEL",
                description = "log level (debug,info,warn,error,critical)")
        String loglevel;
        @Option(names = {"-j", "--pidfile"}, paramLabel = "FILENAME", description = "write the daemon's pid here")
        String pidfile;
        @Option(names = {"-i", "--identifier"}, paramLabel = "STR", description = "identifier of this instance")
        String identifier;
        @Option(names = {"-q", "--childlogdir"}, paramLabel = "DIRECTORY", description = "directory for AUTO logs")
        String childlogdir;
        @Option(names = {"-k", "--nocleanup"}, arity = "0", description = "keep old AUTO child logs at startup")
        boolean nocleanup;
        @Option(names = {"-a", "--minfds"}, paramLabel = "NUM", description = "minimum file descriptors to start")
        String minfds;
        @Option(names = {"-t", "--strip_ansi"}, arity = "0",
                description = "strip ANSI escape codes from process output")
        boolean stripAnsi;
        @Option(names = {"--minprocs"}, paramLabel = "NUM", description = "minimum processes available to start")
        String minprocs;
        @Option(names = {"--profile_options"}, paramLabel = "LIST",
                description = "accepted as supervisord's, ignored (profile the JVM with JFR instead)")
        String profileOptions;
        @Option(names = {"--check"}, arity = "0", description = "check the configuration, print its groups and exit")
        boolean check;
        @Option(names = {"--echo-config"}, arity = "0", description = "print a commented sample configuration and exit")
        boolean echoConfig;
        @Parameters(hidden = true)
        List<String> positional;
    }

    /** A usage error: supervisord's {@code usage(msg)}. */
    private static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /** Runs the command and returns the exit code instead of exiting. */
    public int run(String... argv) {
        CommandLine cl = new CommandLine(new Args());
        cl.setAbbreviatedOptionsAllowed(true);
        cl.setPosixClusteredShortOptionsAllowed(true);
        cl.setOverwrittenOptionsAllowed(false);
        cl.setUnmatchedOptionsArePositionalParams(false);
        Args a;
        try {
            cl.parseArgs(argv);
            a = cl.getCommand();
        } catch (CommandLine.OverwrittenOptionException e) {
            return usage("conflicting command line option " + OptionValues.repr(optionName(e.getOverwritten())));
        } catch (CommandLine.MissingParameterException e) {
            return usage("option " + optionName(e.getMissing().get(0)) + " requires argument");
        } catch (CommandLine.UnmatchedArgumentException e) {
            return usage("option " + e.getUnmatched().get(0) + " not recognized");
        } catch (CommandLine.ParameterException e) {
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("option '([^']+)' should be specified without").matcher(e.getMessage());
            if (m.find()) {
                return usage("option " + m.group(1) + " must not have an argument");
            }
            return usage(e.getMessage());
        }
        if (a.help) {
            cl.usage(out);
            return 0;
        }
        if (a.version) {
            out.println(version());
            return 0;
        }
        if (a.positional != null && !a.positional.isEmpty()) {
            return usage("positional arguments are not supported: " + a.positional.stream().map(OptionValues::repr)
                    .collect(Collectors.joining(", ", "[", "]")));
        }
        if (a.profileOptions != null) {
            // supervisord runs itself under cProfile; a unit file or script that passes this must still start.
            err.println("drover: --profile_options is ignored (Drover is a JVM: use JDK Flight Recorder)");
        }
        if (a.echoConfig) {
            out.print(sampleConfig());
            return 0;
        }
        String launchedWith = System.getenv(NodeRuntime.DAEMONIZED_MARKER);
        if (launchedWith != null && launchedWith.startsWith("/")) {
            // The detached daemon runs in [supervisord] directory / -d: the file the launcher read, by its absolute
            // path, not a relative -c (nor the search path) resolved again from there.
            a.configuration = launchedWith;
        }
        DaemonOptions opts;
        try {
            opts = options(a, argv);
        } catch (UsageError e) {
            return usage(e.getMessage());
        }
        SupervisorConfig cfg;
        LoadedConfig loaded;
        try {
            loaded = load(opts.configuration());
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
        if (a.check) {
            printSummary(cfg);
            loaded.warnings().forEach(w -> out.println("warning: " + w));
            return 0;
        }
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

    private static String optionName(CommandLine.Model.ArgSpec spec) {
        return spec instanceof CommandLine.Model.OptionSpec o ? o.shortestName() : spec.paramLabel();
    }

    private int usage(String message) {
        err.println("Error: " + message);
        err.println("For help, use " + argv0 + " -h");
        return 2;
    }

    /** Checks each value as supervisord's option handlers do: {@code invalid value for -m '9': ...}. */
    private static DaemonOptions options(Args a, String[] argv) throws UsageError {
        Optional<String> user = Optional.ofNullable(a.user);
        return new DaemonOptions(
                Optional.ofNullable(a.configuration).map(Path::of),
                a.nodaemon, a.silent, user,
                check(argv, "-m", "--umask", a.umask, OptionValues::octal),
                check(argv, "-d", "--directory", a.directory, OptionValues::existingDirectory),
                check(argv, "-l", "--logfile", a.logfile, OptionValues::existingDirpath),
                check(argv, "-y", "--logfile_maxbytes", a.logfileMaxbytes, OptionValues::byteSize),
                check(argv, "-z", "--logfile_backups", a.logfileBackups, OptionValues::integer),
                check(argv, "-e", "--loglevel", a.loglevel, OptionValues::logLevel),
                check(argv, "-j", "--pidfile", a.pidfile, OptionValues::existingDirpath),
                Optional.ofNullable(a.identifier),
                check(argv, "-q", "--childlogdir", a.childlogdir, OptionValues::existingDirectory),
                a.nocleanup,
                check(argv, "-a", "--minfds", a.minfds, OptionValues::integer),
                a.stripAnsi,
                check(argv, null, "--minprocs", a.minprocs, OptionValues::integer));
    }

    @FunctionalInterface
    private interface Check<T> {
        T apply(String v);
    }

    private static <T> Optional<T> check(String[] argv, String shortName, String longName, String value,
            Check<T> conv) throws UsageError {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(conv.apply(value));
        } catch (IllegalArgumentException e) {
            String used = longName;
            for (String arg : argv) {
                if (shortName != null && arg.startsWith(shortName)) {
                    used = shortName;
                    break;
                }
                if (arg.startsWith("--") && longName.startsWith(arg.split("=", 2)[0])) {
                    break;
                }
            }
            throw new UsageError("invalid value for " + used + " " + OptionValues.repr(value) + ": " + e.getMessage());
        }
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
