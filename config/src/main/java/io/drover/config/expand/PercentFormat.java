package io.drover.config.expand;

import java.util.Map;

/**
 * Python's {@code str % mapping}: {@code %(name)s} with flags ({@code -+ #0}), width and precision, conversions
 * {@code s r a d i u x X o f F e E c}; {@code %%} is a literal {@code %}. Evaluated left to right so the first problem is the
 * one reported, with Python's wording.
 */
final class PercentFormat {
    private PercentFormat() {
    }

    /** A name the mapping lacks ({@code KeyError}). */
    static final class MissingName extends Exception {
        private static final long serialVersionUID = 1L;
        final String name;

        MissingName(String name) {
            super(name);
            this.name = name;
        }
    }

    /** Any other formatting failure ({@code ValueError}/{@code TypeError} text). */
    static final class BadFormat extends Exception {
        private static final long serialVersionUID = 1L;

        BadFormat(String message) {
            super(message);
        }
    }

    static String format(String s, Map<String, Object> names) throws MissingName, BadFormat {
        if (s.indexOf('%') < 0) {
            return s; // Python's str % mapping leaves a string without conversions as it is
        }
        StringBuilder out = new StringBuilder();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            i++;
            if (i >= n) {
                throw new BadFormat("incomplete format");
            }
            Object arg;
            String key = null;
            if (s.charAt(i) == '(') {
                int depth = 1;
                int j = i + 1;
                while (j < n && depth > 0) {
                    if (s.charAt(j) == '(') depth++;
                    else if (s.charAt(j) == ')') depth--;
                    j++;
                }
                if (depth > 0) {
                    throw new BadFormat("incomplete format key");
                }
                key = s.substring(i + 1, j - 1);
                i = j;
            }
            boolean left = false, plus = false, space = false, alt = false, zero = false;
            for (; i < n; i++) {
                char f = s.charAt(i);
                if (f == '-') left = true;
                else if (f == '+') plus = true;
                else if (f == ' ') space = true;
                else if (f == '#') alt = true;
                else if (f == '0') zero = true;
                else break;
            }
            int width = -1;
            if (i < n && s.charAt(i) == '*') {
                throw star(key);
            }
            int ws = i;
            while (i < n && Character.isDigit(s.charAt(i))) i++;
            if (i > ws) width = width(s.substring(ws, i));
            int precision = -1;
            if (i < n && s.charAt(i) == '.') {
                i++;
                if (i < n && s.charAt(i) == '*') {
                    throw star(key);
                }
                int ps = i;
                while (i < n && Character.isDigit(s.charAt(i))) i++;
                precision = i > ps ? precision(s.substring(ps, i)) : 0;
            }
            if (i < n && (s.charAt(i) == 'h' || s.charAt(i) == 'l' || s.charAt(i) == 'L')) i++; // one length modifier
            if (i >= n) {
                throw new BadFormat("incomplete format");
            }
            char conv = s.charAt(i);
            if (conv == '%' && key == null) {
                out.append('%');
                i++;
                continue;
            }
            if (key != null) {
                if (!names.containsKey(key)) {
                    throw new MissingName(key);
                }
                arg = names.get(key);
            } else {
                arg = names; // Python formats the mapping itself when no key is given.
            }
            String body;
            switch (conv) {
                case 's', 'r', 'a' -> {
                    body = arg instanceof Map ? "{...}" : conv == 's' ? String.valueOf(arg) : repr(arg);
                    if (precision >= 0 && body.length() > precision) body = body.substring(0, precision);
                }
                case 'd', 'i', 'u', 'x', 'X', 'o' -> body = integer(conv, arg, plus, space, alt, precision);
                case 'f', 'F', 'e', 'E', 'g', 'G' -> body = real(conv, arg, plus, space, alt, precision);
                case 'c' -> body = character(arg);
                // CPython prints the character itself only in 31..126, else '?'
                default -> throw new BadFormat(String.format("unsupported format character '%s' (0x%x) at index %d",
                        conv >= 31 && conv <= 126 ? conv : '?', (int) conv, i));
            }
            i++;
            out.append(pad(body, width, left, zero && "diuxXoeEfFgG".indexOf(conv) >= 0));
        }
        return out.toString();
    }

    /**
     * A {@code *} width or precision takes its value from the next positional argument: with a key there are none
     * (the arguments are a mapping), without one the mapping itself is that argument and is no int.
     */
    private static BadFormat star(String key) {
        return new BadFormat(key != null ? "not enough arguments for format string" : "* wants int");
    }

    /** Python sizes the padding as Py_ssize_t; a width it cannot allocate fails with an empty MemoryError. */
    private static int width(String digits) throws BadFormat {
        long w;
        try {
            w = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new BadFormat("width too big");
        }
        if (w > Integer.MAX_VALUE - 64) {
            throw new BadFormat("");
        }
        return (int) w;
    }

    /** Python keeps the precision in a C int. */
    private static int precision(String digits) throws BadFormat {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new BadFormat("precision too big");
        }
    }

    private static String repr(Object arg) {
        return arg instanceof String str ? io.drover.config.ini.PyText.repr(str) : String.valueOf(arg);
    }

    private static String integer(char conv, Object arg, boolean plus, boolean space, boolean alt, int precision)
            throws BadFormat {
        if (!(arg instanceof Integer || arg instanceof Long)) {
            String type = arg instanceof String ? "str" : arg instanceof Map ? "dict" : "object";
            throw new BadFormat(conv == 'x' || conv == 'X' || conv == 'o'
                    ? "%" + conv + " format: an integer is required, not " + type
                    : "%" + conv + " format: a real number is required, not " + type);
        }
        long v = ((Number) arg).longValue();
        String digits = switch (conv) {
            case 'x' -> Long.toHexString(Math.abs(v));
            case 'X' -> Long.toHexString(Math.abs(v)).toUpperCase(java.util.Locale.ROOT);
            case 'o' -> Long.toOctalString(Math.abs(v));
            default -> Long.toString(Math.abs(v));
        };
        if (precision > digits.length()) {
            digits = "0".repeat(precision - digits.length()) + digits;
        }
        if (alt) {
            if (conv == 'x') digits = "0x" + digits;
            else if (conv == 'X') digits = "0X" + digits;
            else if (conv == 'o') digits = "0o" + digits;
        }
        String sign = v < 0 ? "-" : plus ? "+" : space ? " " : "";
        return sign + digits;
    }

    private static String real(char conv, Object arg, boolean plus, boolean space, boolean alt, int precision)
            throws BadFormat {
        if (!(arg instanceof Integer || arg instanceof Long)) {
            throw new BadFormat("must be real number, not " + typeName(arg));
        }
        double v = ((Number) arg).doubleValue();
        String body = conv == 'g' || conv == 'G' ? general(v, precision < 0 ? 6 : Math.max(precision, 1), alt, conv)
                : String.format(java.util.Locale.ROOT, "%." + (precision < 0 ? 6 : precision)
                        + (conv == 'f' || conv == 'F' ? "f" : conv == 'e' ? "e" : "E"), v);
        return (v >= 0 ? (plus ? "+" : space ? " " : "") : "") + body;
    }

    /**
     * Python's {@code %g}: {@code %e} when the exponent is below -4 or at least the precision, else {@code %f}; trailing
     * zeros (and a bare point) dropped unless {@code #}.
     */
    private static String general(double v, int p, boolean alt, char conv) {
        String e = String.format(java.util.Locale.ROOT, "%." + (p - 1) + "e", v);
        int exp = Integer.parseInt(e.substring(e.indexOf('e') + 1));
        String body;
        String suffix = "";
        if (exp < -4 || exp >= p) {
            body = e.substring(0, e.indexOf('e'));
            suffix = e.substring(e.indexOf('e'));
        } else {
            body = String.format(java.util.Locale.ROOT, "%." + (p - 1 - exp) + "f", v);
        }
        if (!alt && body.indexOf('.') >= 0) {
            body = body.replaceAll("0+$", "");
            if (body.endsWith(".")) body = body.substring(0, body.length() - 1);
        }
        String out = body + suffix;
        return conv == 'G' ? out.toUpperCase(java.util.Locale.ROOT) : out;
    }

    private static String character(Object arg) throws BadFormat {
        if (arg instanceof Integer || arg instanceof Long) {
            long cp = ((Number) arg).longValue();
            if (cp < 0 || cp > Character.MAX_CODE_POINT) {
                throw new BadFormat("%c arg not in range(0x110000)");
            }
            return new String(Character.toChars((int) cp));
        }
        if (arg instanceof String str && str.codePointCount(0, str.length()) == 1) {
            return str;
        }
        throw new BadFormat(arg instanceof String ? "%c requires int or char" : "%c requires int or char");
    }

    private static String typeName(Object arg) {
        return arg instanceof String ? "str" : arg instanceof java.util.Map ? "dict" : "object";
    }

    private static String pad(String body, int width, boolean left, boolean zero) {
        if (width <= body.length()) {
            return body;
        }
        int fill = width - body.length();
        if (left) {
            return body + " ".repeat(fill);
        }
        if (zero) {
            int signLen = 0;
            if (!body.isEmpty() && "+- ".indexOf(body.charAt(0)) >= 0) signLen = 1;
            if (body.startsWith("0x", signLen) || body.startsWith("0X", signLen) || body.startsWith("0o", signLen)) {
                signLen += 2;
            }
            return body.substring(0, signLen) + "0".repeat(fill) + body.substring(signLen);
        }
        return " ".repeat(fill) + body;
    }
}
