package io.drover.config.expand;

import io.drover.config.ini.PyText;
import io.drover.config.values.BadValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * supervisord's {@code expand(s, expansions, name)}: Python %-formatting of a config value against the names in
 * scope, with supervisord's error texts.
 */
public final class Expander {
    private Expander() {
    }

    /**
     * @param text  the raw value
     * @param names the names in scope ({@code ENV_*}, {@code here}, {@code program_name}, {@code process_num}, ...)
     * @param what  how supervisord names the value in messages, e.g. {@code program:a.command} or {@code environment}
     */
    public static String expand(String text, Map<String, Object> names, String what) throws BadValue {
        try {
            return PercentFormat.format(text, names);
        } catch (PercentFormat.MissingName e) {
            List<String> available = new ArrayList<>(names.keySet());
            Collections.sort(available);
            throw new BadValue("Format string " + PyText.repr(text) + " for " + PyText.repr(what)
                    + " contains names (" + PyText.repr(e.name) + ") which cannot be expanded. Available names: "
                    + String.join(", ", available));
        } catch (PercentFormat.BadFormat e) {
            throw new BadValue("Format string " + PyText.repr(text) + " for " + PyText.repr(what)
                    + " is badly formatted: " + e.getMessage());
        }
    }
}
