package io.drover.config.sections;

import io.drover.config.ini.IniDocument;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every section parser shares: the merged INI document, the main file, {@code here} (the main file's directory),
 * the host name, and the parser-wide {@code ENV_*} names, which {@code [supervisord] environment} extends as
 * supervisord's does.
 */
public final class ParseContext {
    private final IniDocument doc;
    private final Path mainFile;
    private final String here;
    private final String hostNodeName;
    private final Map<String, Object> environNames = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> infos = new ArrayList<>();

    public ParseContext(IniDocument doc, Path mainFile, Map<String, String> env, String hostNodeName) {
        this.doc = doc;
        this.mainFile = mainFile;
        Path dir = mainFile.toAbsolutePath().normalize().getParent();
        this.here = dir == null ? "/" : dir.toString();
        this.hostNodeName = hostNodeName;
        env.forEach((k, v) -> environNames.put("ENV_" + k, v));
    }

    public IniDocument doc() {
        return doc;
    }

    public Path mainFile() {
        return mainFile;
    }

    public String here() {
        return here;
    }

    public String hostNodeName() {
        return hostNodeName;
    }

    /** Live: later readers see names added by {@code [supervisord] environment}. */
    public Map<String, Object> environNames() {
        return environNames;
    }

    /** Messages supervisord logs at WARN after reading the file ({@code parse_warnings}). */
    public List<String> warnings() {
        return warnings;
    }

    /** Messages supervisord logs at INFO after reading the file ({@code parse_infos}). */
    public List<String> infos() {
        return infos;
    }

    public SectionReader reader(String section) {
        return new SectionReader(doc, section, environNames, mainFile);
    }

    /** A reader for a process's own options (supervisord's {@code processes_from_section}). */
    public SectionReader processReader(String section) {
        return new SectionReader(doc, section, environNames, mainFile, true);
    }
}
