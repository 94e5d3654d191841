package io.drover.config.sections;

import io.drover.config.ini.PyText;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code module:attrs} spec as supervisord's {@code import_spec} reads it (pkg_resources' entry-point syntax, then an
 * import). Drover cannot import Python, so it resolves only the names it serves itself and words every other refusal
 * as supervisord does when the import fails.
 */
final class PythonImportSpec {
    /** pkg_resources' EntryPoint pattern, applied (anchored at the start) to {@code "x=" + spec}. */
    private static final Pattern ENTRY_POINT = Pattern.compile(
            "\\s*(.+?)\\s*=\\s*([\\w.]+)\\s*(:\\s*([\\w.]+))?\\s*(\\[.*])?\\s*$",
            Pattern.UNICODE_CHARACTER_CLASS | Pattern.DOTALL);

    private PythonImportSpec() {
    }

    /**
     * Why supervisord would refuse {@code spec} in {@code section}, given what resolves (module name to the attribute
     * paths that exist in it, "" for the module itself); empty when it resolves.
     */
    static Optional<String> refusal(String spec, String section, Map<String, Set<String>> resolvable) {
        Matcher m = ENTRY_POINT.matcher("x=" + spec);
        if (!m.lookingAt()) {
            return Optional.of("(\"EntryPoint must be in 'name=module:attrs [extras]' format\", "
                    + PyText.repr("x=" + spec) + ")");
        }
        String attrs = m.group(4) == null ? "" : m.group(4);
        if (!resolvable.getOrDefault(m.group(2), Set.of()).contains(attrs)) {
            return Optional.of(spec + " cannot be resolved within [" + section + "]");
        }
        return Optional.empty();
    }
}
