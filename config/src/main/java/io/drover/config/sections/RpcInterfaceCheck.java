package io.drover.config.sections;

import java.util.Map;
import java.util.Set;

/**
 * {@code [rpcinterface:x]}: supervisord requires a {@code supervisor.rpcinterface_factory} key and imports the
 * factory it names. Drover serves the standard interface itself and cannot load Python plugins, so it resolves as a
 * supervisord with no third-party packages would: the spec must have entry-point syntax and name supervisor's own
 * interface; anything else is refused with supervisord's words.
 */
public final class RpcInterfaceCheck {
    static final String FACTORY_KEY = "supervisor.rpcinterface_factory";

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
            PythonImportSpec.refusal(factory.text(), section, RESOLVABLE).ifPresent(reason -> {
                throw r.error(factory, reason);
            });
        }
    }
}
