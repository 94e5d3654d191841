package io.drover.ops.ctl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Python's {@code getopt.getopt}, which supervisorctl parses its command line with: options stop at the first word
 * that is not one (the command and its arguments follow untouched), short options cluster ({@code -ic FILE}), long
 * options take unique prefixes and {@code --name=value}, and errors read as getopt's.
 *
 * <p>Hand-written rather than picocli (which {@code drover} uses): picocli's set-up was most of droverctl's start
 * (~0.2 s of CPU per command measured), and getopt's exact semantics and messages are what scripts see.
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
        List<Opt> opts = new ArrayList<>();
        List<String> args = new ArrayList<>(Arrays.asList(argv));
        while (!args.isEmpty() && args.get(0).startsWith("-") && !args.get(0).equals("-")) {
            String word = args.remove(0);
            if (word.equals("--")) {
                break;
            }
            if (word.startsWith("--")) {
                longOption(opts, word.substring(2), longOpts, args);
            } else {
                shortOptions(opts, word.substring(1), shortOpts, args);
            }
        }
        return new Result(opts, args);
    }

    private static void longOption(List<Opt> opts, String text, List<String> longOpts, List<String> args)
            throws Error {
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
