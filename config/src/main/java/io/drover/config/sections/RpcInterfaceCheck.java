package io.drover.config.sections;

import java.util.Map;

/**
 * {@code [rpcinterface:x]}: supervisord requires a {@code supervisor.rpcinterface_factory} key. Drover serves the
 * standard interface itself, so the factory named is accepted and otherwise ignored.
 */
public final class RpcInterfaceCheck {
    static final String FACTORY_KEY = "supervisor.rpcinterface_factory";

    private RpcInterfaceCheck() {
    }

    public static void check(ParseContext ctx) {
        for (String section : ctx.doc().sectionNames()) {
            if (!section.startsWith("rpcinterface:")) {
                continue;
            }
            SectionReader r = ctx.reader(section);
            if (r.get(FACTORY_KEY, null, Map.of()).text() == null) {
                throw r.error("section [" + section + "] does not specify a " + FACTORY_KEY);
            }
        }
    }
}
