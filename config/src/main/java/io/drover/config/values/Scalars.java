package io.drover.config.values;

import io.drover.config.AutoRestart;
import io.drover.config.LogLevel;
import io.drover.config.Signal;
import io.drover.config.ini.PyText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** supervisord's scalar value types ({@code supervisor/datatypes.py}), re-implemented with the same messages. */
public final class Scalars {
    private Scalars() {
    }

    /** Python's {@code int(s)}: surrounding whitespace, a sign, digits with single underscores between them. */
    public static long pyInt(String s) throws BadValue {
        String t = PyText.strip(s);
        String digits = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        boolean ok = !digits.isEmpty() && Character.isDigit(digits.charAt(0))
                && Character.isDigit(digits.charAt(digits.length() - 1)) && !digits.contains("__");
        for (int i = 0; ok && i < digits.length(); i++) {
            char c = digits.charAt(i);
            ok = Character.isDigit(c) || c == '_'; // Python's int() takes any Unicode decimal digit, as parseLong
        }
        if (!ok) {
            throw new BadValue("invalid literal for int() with base 10: " + PyText.repr(s));
        }
        try {
            return Long.parseLong(t.replace("_", ""));
        } catch (NumberFormatException e) {
            // well-formed but beyond a long: Python's int has no bound, so saturate rather than refuse
            return t.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /**
     * {@code integer()}, saturated to a Java int: supervisord accepts any Python int, and a priority, a number of
     * seconds or of retries beyond 2^31 behaves the same as 2^31 - 1.
     */
    public static int integer(String s) throws BadValue {
        long v = pyInt(s);
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** {@code boolean()}: yes/true/on/1 and no/false/off/0, any case. */
    public static boolean bool(String s) throws BadValue {
        String ss = s.toLowerCase(Locale.ROOT);
        return switch (ss) {
            case "yes", "true", "on", "1" -> true;
            case "no", "false", "off", "0" -> false;
            default -> throw new BadValue("not a valid boolean value: " + PyText.repr(s));
        };
    }

    /** {@code byte_size}: a number with an optional KB/MB/GB suffix (any case). */
    public static long byteSize(String v) throws BadValue {
        String s = v.toLowerCase(Locale.ROOT);
        long mult = 1;
        String num = s;
        if (s.endsWith("kb")) {
            mult = 1024;
            num = s.substring(0, s.length() - 2);
        } else if (s.endsWith("mb")) {
            mult = 1024 * 1024;
            num = s.substring(0, s.length() - 2);
        } else if (s.endsWith("gb")) {
            mult = 1024L * 1024 * 1024;
            num = s.substring(0, s.length() - 2);
        }
        long n = pyInt(num);
        if (n > Long.MAX_VALUE / mult || n < Long.MIN_VALUE / mult) {
            return n < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return n * mult;
    }

    /** {@code octal_type}: Python's {@code int(s, 8)}, an optional {@code 0o} prefix included. */
    public static int octal(String s) throws BadValue {
        String t = PyText.strip(s);
        String body = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        if (body.startsWith("0o") || body.startsWith("0O")) {
            body = body.substring(2);
            if (body.startsWith("_")) body = body.substring(1);
        }
        boolean ok = !body.isEmpty() && body.charAt(0) != '_' && !body.endsWith("_") && !body.contains("__");
        for (int i = 0; ok && i < body.length(); i++) {
            char c = body.charAt(i);
            ok = (Character.digit(c, 10) >= 0 && Character.digit(c, 10) <= 7) || c == '_'; // any Unicode digit, as int()
        }
        if (!ok) {
            throw new BadValue(s + " can not be converted to an octal type");
        }
        long v;
        try {
            v = Long.parseLong(body.replace("_", ""), 8);
        } catch (NumberFormatException e) {
            v = Long.MAX_VALUE;
        }
        if (v > Integer.MAX_VALUE) {
            throw new BadValue("value " + PyText.repr(s) + " is out of range");
        }
        return t.startsWith("-") ? (int) -v : (int) v;
    }

    /** {@code list_of_strings}: comma separated, each stripped; empty gives an empty list. */
    public static List<String> listOfStrings(String s) {
        List<String> out = new ArrayList<>();
        if (s == null || s.isEmpty()) {
            return out;
        }
        for (String part : s.split(",", -1)) {
            out.add(PyText.strip(part));
        }
        return out;
    }

    /** {@code list_of_exitcodes}: comma-separated ints in 0..255, kept in order with repeats as supervisord reports them. */
    public static List<Integer> exitcodes(String s) throws BadValue {
        List<Integer> out = new ArrayList<>();
        if (s.isEmpty()) {
            return out;
        }
        try {
            for (String part : s.split(",", -1)) {
                long v = pyInt(part);
                if (v > 255 || v < 0) {
                    throw new BadValue("range");
                }
                out.add((int) v);
            }
        } catch (BadValue e) {
            throw new BadValue("not a valid list of exit codes: " + PyText.repr(s));
        }
        return out;
    }

    /** {@code auto_restart}: a boolean or {@code unexpected}. */
    public static AutoRestart autoRestart(String s) throws BadValue {
        String v = s.toLowerCase(Locale.ROOT);
        return switch (v) {
            case "yes", "true", "on", "1" -> AutoRestart.TRUE;
            case "no", "false", "off", "0" -> AutoRestart.FALSE;
            case "unexpected" -> AutoRestart.UNEXPECTED;
            default -> throw new BadValue("invalid 'autorestart' value " + PyText.repr(v));
        };
    }

    /** {@code signal_number}: a name with or without SIG, or a number. */
    public static Signal signal(String s) throws BadValue {
        try {
            long n = pyInt(s);
            return Signal.byNumber((int) n)
                    .orElseThrow(() -> new BadValue("value " + PyText.repr(s) + " is not a valid signal number"));
        } catch (BadValue notANumber) {
            if (notANumber.getMessage().contains("signal number")) {
                throw notANumber;
            }
        }
        String name = PyText.strip(s).toUpperCase(Locale.ROOT);
        String bare = name.startsWith("SIG") ? name.substring(3) : name;
        if (!bare.isEmpty() && !bare.equals(PyText.strip(bare))) {
            throw new BadValue("value " + PyText.repr(s) + " is not a valid signal name");
        }
        for (Signal sig : Signal.values()) {
            if (sig.name().equals(bare)) {
                return sig;
            }
        }
        if (bare.equals("IOT")) return Signal.ABRT;
        if (bare.equals("POLL")) return Signal.IO;
        if (bare.equals("CLD")) return Signal.CHLD;
        // Python's signal module also answers to SIG_IGN/SIG_UNBLOCK (1) and SIG_SETMASK (2), which supervisord
        // then takes as signal numbers; SIG_DFL/SIG_BLOCK (0) are refused below as Drover has no signal 0.
        if (bare.equals("_IGN") || bare.equals("_UNBLOCK")) return Signal.HUP;
        if (bare.equals("_SETMASK")) return Signal.INT;
        throw new BadValue("value " + PyText.repr(s) + " is not a valid signal name");
    }

    /** {@code logging_level}: critical, error, warn, info, debug, trace, blather. */
    public static LogLevel logLevel(String s) throws BadValue {
        LogLevel l = LogLevel.fromName(s.toLowerCase(Locale.ROOT));
        if (l == null || !s.toLowerCase(Locale.ROOT).equals(PyText.strip(s.toLowerCase(Locale.ROOT)))) {
            throw new BadValue("bad logging level name " + PyText.repr(s));
        }
        return l;
    }

    /** {@code process_or_group_name}: stripped, without space, colon or slash. */
    public static String processOrGroupName(String name) throws BadValue {
        String s = PyText.strip(name);
        for (char c : new char[] {' ', ':', '/'}) {
            if (s.indexOf(c) >= 0) {
                throw new BadValue("Invalid name: " + PyText.repr(name) + " because of character: "
                        + PyText.repr(String.valueOf(c)));
            }
        }
        return s;
    }
}
