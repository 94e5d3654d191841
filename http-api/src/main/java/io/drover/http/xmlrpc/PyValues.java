package io.drover.http.xmlrpc;

import java.math.BigInteger;
import java.time.LocalDateTime;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The few Python conversions supervisord applies to decoded arguments ({@code int(x)}, {@code '%s' % x}), so that
 * Drover accepts and rejects the same argument values with the same outcome.
 */
public final class PyValues {
    private static final Pattern PY_INT = Pattern.compile("[+-]?[0-9]+(_[0-9]+)*");

    private PyValues() {
    }

    /**
     * Python's {@code int(text)} for the text of an {@code <int>}: surrounding whitespace, a sign and single
     * underscores between digits are allowed.
     */
    public static BigInteger parseInt(String text) {
        String s = text.strip();
        if (!PY_INT.matcher(s).matches()) {
            throw new NumberFormatException("invalid literal for int() with base 10: " + repr(text));
        }
        return new BigInteger(s.replace("_", "").replaceFirst("^\\+", ""));
    }

    /** Python's {@code float(text)}. */
    public static double parseFloat(String text) {
        String s = text.strip().replace("_", "");
        String lower = s.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        double sign = lower.startsWith("-") ? -1.0 : 1.0;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (!unsigned.matches("([0-9]+\\.?[0-9]*|\\.[0-9]+)(e[+-]?[0-9]+)?")) {
            throw new NumberFormatException("could not convert string to float: '" + text + "'");
        }
        return Double.parseDouble(s);
    }

    /**
     * Python's {@code int(x)} applied to an argument, as supervisord does to offsets and lengths. A string that is
     * not a number raises what supervisord turns into HTTP 500; a value of a type {@code int()} refuses (None, a
     * list, a struct) raises TypeError, which supervisord reports as INCORRECT_PARAMETERS.
     */
    public static long toInt(Object value) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof BigInteger b) {
            return b.bitLength() < 64 ? b.longValue() : (b.signum() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE);
        }
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof Double d) {
            if (d.isNaN()) {
                throw new RpcInternalError(pyError("ValueError", "cannot convert float NaN to integer"));
            }
            if (d.isInfinite()) {
                throw new RpcInternalError(pyError("OverflowError", "cannot convert float infinity to integer"));
            }
            return d.longValue();
        }
        if (value instanceof String s) {
            try {
                return parseInt(s).longValue();
            } catch (NumberFormatException e) {
                throw new RpcInternalError(pyError("ValueError", e.getMessage()));
            }
        }
        throw Fault.INCORRECT_PARAMETERS.error();
    }

    /** A name argument: supervisord calls string methods on it, so anything else is an internal error (HTTP 500). */
    public static String requireString(Object value) {
        if (value instanceof String s) {
            return s;
        }
        // supervisord splits the name at ':' (a group method looks it up instead, and answers BAD_NAME)
        throw new RpcInternalError(noAttribute(value, "split"));
    }

    /**
     * The text supervisord's system.multicall reports for an exception ({@code FAILED: <class 'X'>:message}):
     * Python's exception class and message.
     */
    public static String pyError(String exceptionClass, String message) {
        return "<class '" + exceptionClass + "'>:" + message;
    }

    /** Python's AttributeError for calling a string method ({@code split}, {@code strip}) on another type. */
    public static String noAttribute(Object value, String attribute) {
        return pyError("AttributeError", "'" + typeName(value) + "' object has no attribute '" + attribute + "'");
    }

    /** The type name Python's error messages print for the values the codec produces. */
    public static String typeName(Object value) {
        if (value == null) return "NoneType";
        if (value instanceof Boolean) return "bool";
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) return "int";
        if (value instanceof Double) return "float";
        if (value instanceof String) return "str";
        if (value instanceof List<?>) return "list";
        if (value instanceof Map<?, ?>) return "dict";
        if (value instanceof LocalDateTime) return "datetime.datetime";
        return value.getClass().getSimpleName();
    }

    /** Python truthiness, as supervisord tests its {@code wait} flags. */
    public static boolean truthy(Object value) {
        if (value == null) return false;
        if (value instanceof Boolean b) return b;
        if (value instanceof Integer i) return i != 0;
        if (value instanceof Long l) return l != 0;
        if (value instanceof BigInteger b) return b.signum() != 0;
        if (value instanceof Double d) return d != 0.0;
        if (value instanceof String s) return !s.isEmpty();
        if (value instanceof List<?> l) return !l.isEmpty();
        if (value instanceof Map<?, ?> m) return !m.isEmpty();
        return true;
    }

    /** Python's {@code str(x)}. */
    public static String str(Object value) {
        if (value instanceof LocalDateTime t) {
            // str(datetime): ISO with a space; XML-RPC carries no fraction of a second
            return t.toLocalDate() + " " + String.format("%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond());
        }
        return value instanceof String s ? s : repr(value);
    }

    /** Python's {@code repr(x)} for the values the codec produces. */
    public static String repr(Object value) {
        if (value == null) return "None";
        if (value instanceof Boolean b) return b ? "True" : "False";
        if (value instanceof String s) return reprString(s);
        if (value instanceof Double d) return reprDouble(d);
        if (value instanceof LocalDateTime t) {
            return "datetime.datetime(" + t.getYear() + ", " + t.getMonthValue() + ", " + t.getDayOfMonth() + ", "
                    + t.getHour() + ", " + t.getMinute() + (t.getSecond() != 0 ? ", " + t.getSecond() : "") + ")";
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (Iterator<?> it = list.iterator(); it.hasNext(); ) {
                sb.append(repr(it.next()));
                if (it.hasNext()) sb.append(", ");
            }
            return sb.append(']').toString();
        }
        if (value instanceof Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            for (Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<?, ?> e = it.next();
                sb.append(repr(e.getKey())).append(": ").append(repr(e.getValue()));
                if (it.hasNext()) sb.append(", ");
            }
            return sb.append('}').toString();
        }
        return String.valueOf(value);
    }

    private static String reprString(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder sb = new StringBuilder().append(quote);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == quote || c == '\\') sb.append('\\').append(c);
            else if (c == '\n') sb.append("\\n");
            else if (c == '\r') sb.append("\\r");
            else if (c == '\t') sb.append("\\t");
            else if (c < 0x20 || c == 0x7f) sb.append(String.format("\\x%02x", (int) c));
            else sb.append(c);
        }
        return sb.append(quote).toString();
    }

    /** Python's float repr: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
    public static String reprDouble(double d) {
        if (Double.isNaN(d)) return "nan";
        if (Double.isInfinite(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return (1 / d < 0) ? "-0.0" : "0.0";
        java.math.BigDecimal bd = new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - bd.scale(); // decimal exponent of the first digit
        String sign = d < 0 ? "-" : "";
        if (exponent >= -4 && exponent < 16) {
            String plain = bd.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format("%02d", Math.abs(exponent));
    }
}
