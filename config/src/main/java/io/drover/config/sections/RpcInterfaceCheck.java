package io.drover.config.sections;

import io.drover.config.ini.PyText;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code [rpcinterface:x]}: supervisord requires a {@code supervisor.rpcinterface_factory} key and imports the
 * factory it names. Drover serves the standard interface itself and cannot load Python plugins, so it resolves as a
 * supervisord with no third-party packages would: the spec must have entry-point syntax and name supervisor's own
 * interface; anything else is refused with supervisord's words.
 */
public final class RpcInterfaceCheck {
    static final String FACTORY_KEY = "supervisor.rpcinterface_factory";

    /** pkg_resources' EntryPoint pattern, applied (anchored at the start) to {@code "x=" + spec}. */
    private static final Pattern ENTRY_POINT = Pattern.compile(
            "\\s*(.+?)\\s*=\\s*([\\w.]+)\\s*(:\\s*([\\w.]+))?\\s*(\\[.*])?\\s*$",
            Pattern.UNICODE_CHARACTER_CLASS | Pattern.DOTALL);

    /** What importing from supervisor's own package resolves to, for the specs a config plausibly names. */
    private static final Map<String, Set<String>> RESOLVABLE = Map.of(
            "supervisor.rpcinterface", Set.of("", "make_main_rpcinterface", "SupervisorNamespaceRPCInterface"),
            "supervisor", Set.of(""));

    private RpcInterfaceCheck() {
    }

    public static void check(ParseContext ctx) {
        for (String section : ctx.doc().sectionNames()) {
            if (!section.startsWith("rpcinterface:")) {
                continue;
            }
            SectionReader r = ctx.reader(section);
            SectionReader.Opt factory = r.get(FACTORY_KEY, null, Map.of());
            if (factory.text() == null) {
                throw r.error("section [" + section + "] does not specify a " + FACTORY_KEY);
            }
            String spec = factory.text();
            Matcher m = ENTRY_POINT.matcher("x=" + spec);
            if (!m.lookingAt()) {
                throw r.error(factory, "(\"EntryPoint must be in 'name=module:attrs [extras]' format\", "
                        + PyText.repr("x=" + spec) + ")");
            }
            String attrs = m.group(4) == null ? "" : m.group(4);
            if (!RESOLVABLE.getOrDefault(m.group(2), Set.of()).contains(attrs)) {
                throw r.error(factory, spec + " cannot be resolved within [" + section + "]");
            }
        }
    }
}
