package io.drover.ops;

import io.drover.config.ConfigError;
import io.drover.config.ConfigLoader;
import io.drover.config.CtlSettings;
import io.drover.config.OptionValues;
import io.drover.http.xmlrpc.client.ServerUrl;
import io.drover.ops.ctl.Controller;
import io.drover.ops.cli.Getopt;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code droverctl}: supervisorctl 4.2.5's command line and shell. Options as supervisorctl's getopt takes them
 * (stopping at the first command word); the server URL, credentials, prompt and history file from the command line,
 * else the {@code [supervisorctl]} section of the config file, else {@code http://localhost:9001}. A command on the
 * command line runs once and its exit status is the process's; without one, an interactive shell reads stdin.
 */
public final class DroverCtl {
    private static final String DEFAULT_URL = "http://localhost:9001";
    private static final String USAGE = """
            droverctl -- control the programs a Drover daemon (or supervisord) runs, from the command line.

            Usage: %s [options] [action [arguments]]

            Options:
            -c/--configuration FILENAME -- configuration file path (searches if not given)
            -h/--help -- print this usage message and exit
            -i/--interactive -- start an interactive shell after executing commands
            -s/--serverurl URL -- URL the daemon listens on
                 (default "http://localhost:9001").
            -u/--username USERNAME -- username for authentication with the server
            -p/--password PASSWORD -- password for authentication with the server
            -r/--history-file -- keep a history of the lines typed in the shell

            action [arguments] -- see below

            Actions are supervisorctl's commands, such as "tail" or "stop". If -i is given or no action is,
            an interactive shell reads actions from standard input. The action "help" lists them all.
            """;

    private final PrintStream out;
    private final PrintStream err;
    private final InputStream in;
    private final String argv0;

    DroverCtl(PrintStream out, PrintStream err, InputStream in, String argv0) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.argv0 = argv0;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.UTF_8);
        int code = new DroverCtl(out, System.err, System.in, System.getProperty("drover.launcher", "droverctl"))
                .run(args);
        out.flush();
        System.exit(code);
    }

    /** The command line after getopt: values as typed, so supervisorctl's checks and wording apply. */
    static final class Args {
        String configuration;
        boolean help;
        boolean interactive;
        String serverurl;
        String username;
        String password;
        String historyFile;
        List<String> action = new ArrayList<>();
    }

    private static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /** Runs droverctl and returns its exit status. */
    public int run(String... argv) {
        Args a;
        String url;
        CtlSettings settings;
        try {
            a = parse(argv);
            if (a.help) {
                out.print(USAGE.replace("%s", argv0));
                return 0;
            }
            settings = settings(a.configuration);
        } catch (UsageError e) {
            err.print("Error: " + e.getMessage() + "\nFor help, use " + argv0 + " -h\n");
            err.flush();
            return 2;
        }
        url = Optional.ofNullable(a.serverurl).or(settings::serverurl).orElse(DEFAULT_URL);
        String user = a.username != null ? a.username : settings.username().orElse(null);
        String pass = a.password != null ? a.password : settings.password().orElse(null);
        String history = a.historyFile != null ? a.historyFile : settings.historyFile().orElse(null);
        boolean interactive = a.interactive || a.action.isEmpty();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Controller c = new Controller(out, err, reader, url, user, pass, interactive, settings.prompt());
        if (!a.action.isEmpty()) {
            c.onecmd(String.join(" ", a.action));
            return c.exitStatus();
        }
        c.cmdloop();
        saveHistory(history, c.history());
        return 0; // the shell always exits 0, as supervisorctl's does
    }

    /** supervisorctl's options: getopt's "hc:is:u:p:r:" and its long names. */
    private static Args parse(String[] argv) throws UsageError {
        Getopt.Result r;
        try {
            r = Getopt.parse(argv, "hc:is:u:p:r:", List.of("help", "configuration=", "interactive", "serverurl=",
                    "username=", "password=", "history_file="));
        } catch (Getopt.Error e) {
            throw new UsageError(e.getMessage());
        }
        Args a = new Args();
        a.action = r.args();
        for (Getopt.Opt o : r.options()) {
            switch (o.name()) {
                case "-h", "--help" -> {
                    a.help = true;
                    return a; // supervisorctl prints its help as soon as it meets -h
                }
                case "-c", "--configuration" -> a.configuration = once(a.configuration, o);
                case "-i", "--interactive" -> a.interactive = once(a.interactive ? "" : null, o) != null;
                case "-s", "--serverurl" -> {
                    if (!ServerUrl.looksLikeUrl(o.value())) {
                        throw new UsageError("invalid value for " + o.name() + " " + OptionValues.repr(o.value())
                                + ": value " + OptionValues.repr(o.value()) + " is not a URL");
                    }
                    a.serverurl = once(a.serverurl, o);
                }
                case "-u", "--username" -> a.username = once(a.username, o);
                case "-p", "--password" -> a.password = once(a.password, o);
                case "-r", "--history_file" -> a.historyFile = once(a.historyFile, o);
                default -> throw new IllegalStateException("getopt returned " + o.name());
            }
        }
        return a;
    }

    /** An option given twice is refused, naming it as typed the second time. */
    private static String once(String previous, Getopt.Opt o) throws UsageError {
        if (previous != null) {
            throw new UsageError("conflicting command line option " + OptionValues.repr(o.name()));
        }
        return o.value();
    }

    /** {@code [supervisorctl]} of the given file, or of the first file on the search path, or the defaults. */
    private static CtlSettings settings(String configuration) throws UsageError {
        Optional<Path> file = configuration != null ? Optional.of(Path.of(configuration)) : ConfigLoader.locate();
        if (file.isEmpty()) {
            return new CtlSettings(Optional.empty(), Optional.empty(), Optional.empty(), "supervisor",
                    Optional.empty());
        }
        try {
            return ConfigLoader.readCtlSettings(file.get(), System.getenv());
        } catch (ConfigError e) {
            throw new UsageError(e.getMessage());
        }
    }

    /** Appends the shell's lines to the history file (readline's file format: one line each). */
    private void saveHistory(String file, List<String> lines) {
        if (file == null || lines.isEmpty()) {
            return;
        }
        try {
            Files.write(Path.of(file), lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // supervisorctl ignores a history file it cannot write
        }
    }
}
