package io.drover.config.sections;

import io.drover.config.ConfigError;
import io.drover.config.CtlSettings;
import io.drover.config.values.PathValues;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [supervisorctl]}. supervisord itself never checks this section, so nothing here refuses a file: a value
 * that does not expand is kept as written.
 */
public final class CtlSectionParser {
    public static final String SECTION = "supervisorctl";

    private CtlSectionParser() {
    }

    public static CtlSettings parse(ParseContext ctx) {
        if (!ctx.doc().hasSection(SECTION)) {
            return new CtlSettings(Optional.empty(), Optional.empty(), Optional.empty(), "supervisor",
                    Optional.empty());
        }
        SectionReader r = ctx.reader(SECTION);
        Map<String, Object> here = Map.of("here", ctx.here());
        Optional<String> serverurl = lenient(r, "serverurl", here);
        serverurl = serverurl.map(u -> u.startsWith("unix://") ? "unix://" + PathValues.normalize(u.substring(7)) : u);
        Optional<String> history = lenient(r, "history_file", here).filter(h -> !h.isEmpty())
                .map(h -> PathValues.normalize(h).toString());
        return new CtlSettings(serverurl, lenient(r, "username", Map.of()), lenient(r, "password", Map.of()),
                lenient(r, "prompt", Map.of()).orElse("supervisor"), history);
    }

    /**
     * {@code [supervisorctl]} as supervisorctl itself reads it: the section must exist and every value must expand
     * ({@code serverurl} and {@code history_file} see {@code %(here)s} and {@code ENV_*}, the others {@code ENV_*}).
     */
    public static CtlSettings parseForClient(ParseContext ctx) {
        if (!ctx.doc().hasSection(SECTION)) {
            throw new ConfigError(".ini file does not include supervisorctl section", null, 0, null, null);
        }
        SectionReader r = ctx.reader(SECTION);
        Map<String, Object> here = Map.of("here", ctx.here());
        Optional<String> serverurl = Optional.ofNullable(r.get("serverurl", null, here).text())
                .map(u -> u.startsWith("unix://") ? "unix://" + PathValues.normalize(u.substring(7)) : u);
        Optional<String> history = Optional.ofNullable(r.get("history_file", null, here).text())
                .filter(h -> !h.isEmpty()).map(h -> PathValues.normalize(h).toString());
        return new CtlSettings(serverurl, Optional.ofNullable(r.get("username", null, Map.of()).text()),
                Optional.ofNullable(r.get("password", null, Map.of()).text()),
                Optional.ofNullable(r.get("prompt", null, Map.of()).text()).orElse("supervisor"), history);
    }

    private static Optional<String> lenient(SectionReader r, String key, Map<String, Object> names) {
        try {
            return Optional.ofNullable(r.get(key, null, names).text());
        } catch (ConfigError e) {
            return Optional.ofNullable(r.raw(key, null).text());
        }
    }
}
