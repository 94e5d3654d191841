package io.drover.ops.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Python's {@code getopt.getopt}, which supervisord and supervisorctl parse their command lines with: options stop at
 * the first word that is not one (supervisorctl's command and its arguments follow untouched), short options cluster
 * ({@code -ic FILE}, {@code -cFILE}), long options take unique prefixes and {@code --name=value}, and errors read as
 * getopt's.
 *
 * <p>Hand-written rather than a library: getopt's exact semantics and messages are what scripts see, and picocli
 * (used before) cost ~0.2 s of CPU per droverctl command and, compiled for Java 5, could not be put in the daemon's
 * class-data-sharing archive.
 */
public final class Getopt {
    /** One option as typed ({@code -s}, {@code --serverurl}) with its value ({@code ""} for a flag). */
    public record Opt(String name, String value) {
    }

    /** The options and the words after them. */
    public record Result(List<Opt> options, List<String> args) {
    }

    /** A command line getopt refuses, with its message ({@code option -x not recognized}). */
    public static final class Error extends Exception {
        private static final long serialVersionUID = 1L;

        Error(String message) {
            super(message, null, false, false);
        }
    }

    private Getopt() {
    }

    /**
     * @param shortOpts getopt's short option string, {@code :} after a letter that takes a value
     * @param longOpts  long names, {@code =} after one that takes a value
     */
    public static Result parse(String[] argv, String shortOpts, List<String> longOpts) throws Error {
        return parse(argv, shortOpts, longOpts, List.of());
    }

    /**
     * As {@link #parse(String[], String, List)} with Drover's own long options besides getopt's: those match only
     * when typed in full, so that every prefix means what it means to supervisord ({@code --ch} is
     * {@code --childlogdir}, not ambiguous with Drover's {@code --check}).
     *
     * @param exactLongOpts long names as in {@code longOpts}, never abbreviated
     */
    public static Result parse(String[] argv, String shortOpts, List<String> longOpts, List<String> exactLongOpts)
            throws Error {
        List<Opt> opts = new ArrayList<>();
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        while (!args.isEmpty() && args.get(0).startsWith("-") && !args.get(0).equals("-")) {
            String word = args.remove(0);
            if (word.equals("--")) {
                break;
            }
            if (word.startsWith("--")) {
                longOption(opts, word.substring(2), longOpts, exactLongOpts, args);
            } else {
                shortOptions(opts, word.substring(1), shortOpts, args);
            }
        }
        return new Result(opts, args);
    }

    private static void longOption(List<Opt> opts, String text, List<String> longOpts, List<String> exactLongOpts,
            List<String> args) throws Error {
        String opt = text;
        String value = null;
        int eq = text.indexOf('=');
        if (eq >= 0) {
            opt = text.substring(0, eq);
            value = text.substring(eq + 1);
        }
        List<String> candidates = new ArrayList<>();
        for (String o : longOpts) {
            if (o.startsWith(opt)) {
                candidates.add(o);
            }
        }
        for (String o : exactLongOpts) {
            if (o.equals(opt) || o.equals(opt + "=")) {
                candidates.add(o);
            }
        }
        if (candidates.isEmpty()) {
            throw new Error("option --" + opt + " not recognized");
        }
        boolean hasArg;
        if (candidates.contains(opt)) {
            hasArg = false;
        } else if (candidates.contains(opt + "=")) {
            hasArg = true;
        } else if (candidates.size() > 1) {
            throw new Error("option --" + opt + " not a unique prefix");
        } else {
            String match = candidates.get(0);
            hasArg = match.endsWith("=");
            opt = hasArg ? match.substring(0, match.length() - 1) : match;
        }
        if (hasArg) {
            if (value == null) {
                if (args.isEmpty()) {
                    throw new Error("option --" + opt + " requires argument");
                }
                value = args.remove(0);
            }
        } else if (value != null) {
            throw new Error("option --" + opt + " must not have an argument");
        }
        opts.add(new Opt("--" + opt, value == null ? "" : value));
    }

    private static void shortOptions(List<Opt> opts, String cluster, String shortOpts, List<String> args)
            throws Error {
        String rest = cluster;
        while (!rest.isEmpty()) {
            char c = rest.charAt(0);
            rest = rest.substring(1);
            int i = c == ':' ? -1 : shortOpts.indexOf(c);
            if (i < 0) {
                throw new Error("option -" + c + " not recognized");
            }
            boolean hasArg = i + 1 < shortOpts.length() && shortOpts.charAt(i + 1) == ':';
            String value = "";
            if (hasArg) {
                if (rest.isEmpty()) {
                    if (args.isEmpty()) {
                        throw new Error("option -" + c + " requires argument");
                    }
                    rest = args.remove(0);
                }
                value = rest;
                rest = "";
            }
            opts.add(new Opt("-" + c, value));
        }
    }
}
