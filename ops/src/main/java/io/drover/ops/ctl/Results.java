package io.drover.ops.ctl;

import io.drover.http.xmlrpc.PyValues;
import java.util.List;
import java.util.Map;

/** Reading supervisord's answers: process info structs, result structs, namespecs. */
final class Results {
    private Results() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> structs(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new PyError("TypeError", "expected a list, got " + PyValues.repr(value));
        }
        for (Object o : list) {
            if (!(o instanceof Map<?, ?>)) {
                throw new PyError("TypeError", "expected a struct, got " + PyValues.repr(o));
            }
        }
        return (List<Map<String, Object>>) list;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> struct(Object value) {
        if (!(value instanceof Map<?, ?>)) {
            throw new PyError("TypeError", "expected a struct, got " + PyValues.repr(value));
        }
        return (Map<String, Object>) value;
    }

    static Object get(Map<String, Object> s, String key) {
        if (!s.containsKey(key)) {
            throw new PyError("KeyError", PyValues.repr(key));
        }
        return s.get(key);
    }

    static String str(Map<String, Object> s, String key) {
        return PyValues.str(get(s, key));
    }

    static long num(Map<String, Object> s, String key) {
        Object v = get(s, key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return Long.MIN_VALUE; // compares unequal to every code, as a string would in Python
    }

    static boolean truthy(Map<String, Object> s, String key) {
        return PyValues.truthy(get(s, key));
    }

    /** {@code group:name}, or just {@code name} when the process is alone in a group of the same name. */
    static String namespec(String group, String name) {
        String n = name == null ? "None" : name; // Python's '%s' % None
        return group.equals(n) ? n : group + ":" + n;
    }

    /** {@code group:*} and {@code group:} name the group (process null); a bare name is group and process. */
    static String[] splitNamespec(String namespec) {
        int colon = namespec.indexOf(':');
        if (colon >= 0) {
            String group = namespec.substring(0, colon);
            String process = namespec.substring(colon + 1);
            return new String[] {group, process.isEmpty() || process.equals("*") ? null : process};
        }
        return new String[] {namespec, namespec};
    }

    /** Python's str.split(): runs of whitespace separate, no empty words. */
    static List<String> words(String arg) {
        String s = arg.strip();
        return s.isEmpty() ? List.of() : List.of(s.split("\\s+"));
    }
}
