package io.drover.config.include;

import io.drover.config.ConfigError;
import io.drover.config.expand.Expander;
import io.drover.config.ini.IniDocument;
import io.drover.config.ini.IniEntry;
import io.drover.config.ini.IniParser;
import io.drover.config.ini.IniSyntaxError;
import io.drover.config.sections.ParseContext;
import io.drover.config.values.BadValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [include] files}: whitespace-separated globs relative to the main file's directory, each glob's matches read
 * in sorted order. As in supervisord, only the main file's {@code [include]} counts (one in an included file is
 * merged but never followed), and {@code %(here)s} is substituted textually: first with the main file's directory,
 * then after each included file with that file's directory.
 */
public final class IncludeResolver {
    public static final String SECTION = "include";

    private IncludeResolver() {
    }

    /** Reads the included files into the context's document, noting what supervisord would log. */
    public static void resolve(ParseContext ctx) {
        IniDocument doc = ctx.doc();
        List<String> warnings = ctx.warnings();
        if (!doc.hasSection(SECTION)) {
            return;
        }
        expandHere(doc, ctx.here());
        Optional<IniEntry> filesEntry = doc.get(SECTION, "files");
        if (filesEntry.isEmpty()) {
            throw new ConfigError(".ini file has [include] section, but no files setting",
                    doc.section(SECTION).file() == null ? ctx.mainFile() : doc.section(SECTION).file(),
                    doc.section(SECTION).headerLine(), SECTION, null);
        }
        IniEntry entry = filesEntry.get();
        Map<String, Object> names = new HashMap<>();
        names.put("here", ctx.here());
        names.put("host_node_name", ctx.hostNodeName());
        names.putAll(ctx.environNames());
        String files;
        try {
            files = Expander.expand(entry.value(), names, "include.files");
        } catch (BadValue e) {
            throw new ConfigError(e.getMessage(), entry.file(), entry.line(), SECTION, "files");
        }
        Path base = ctx.mainFile().toAbsolutePath().normalize().getParent();
        for (String pattern : files.trim().split("\\s+")) {
            if (pattern.isEmpty()) {
                continue;
            }
            String joined = pattern.startsWith("/") ? pattern : base.toString() + "/" + pattern;
            List<String> matches = Glob.glob(joined);
            if (matches.isEmpty()) {
                warnings.add("No file matches via include \"" + joined + "\"");
                continue;
            }
            Collections.sort(matches);
            for (String filename : matches) {
                ctx.infos().add("Included extra file \"" + filename + "\" during parsing");
                Path p = Path.of(filename);
                String text;
                if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                    continue; // configparser's read() skips files it cannot open
                }
                try {
                    text = Files.readString(p, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new ConfigError("could not read config file " + filename, p, 0, null, null);
                }
                try {
                    IniParser.read(doc, text, p, filename);
                } catch (IniSyntaxError e) {
                    throw new ConfigError(e.getMessage(), p, e.line(), null, null);
                }
                Path dir = p.toAbsolutePath().getParent();
                expandHere(doc, dir == null ? "/" : dir.toString());
            }
        }
    }

    /** supervisord's {@code expand_here}: a plain text replacement of {@code %(here)s} in every value. */
    static void expandHere(IniDocument doc, String here) {
        for (String section : doc.sectionNames()) {
            for (IniEntry e : doc.items(section)) {
                if (e.value().contains("%(here)s")) {
                    doc.set(section, e.withValue(e.value().replace("%(here)s", here)));
                }
            }
        }
    }
}
