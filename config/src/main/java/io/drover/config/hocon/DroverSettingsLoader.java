package io.drover.config.hocon;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValueFactory;
import io.drover.config.ConfigError;
import io.drover.config.DroverSettings;
import io.drover.config.ini.IniEntry;
import io.drover.config.sections.ParseContext;
import io.drover.config.sections.SectionReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Drover's own settings: {@code -D} system properties over an optional {@code drover.conf} beside the main config
 * file over every {@code reference.conf} ({@code ConfigFactory.load} order), then the {@code [drover]} section of
 * supervisord.conf on top ({@code node_name} becomes {@code drover.node-name}).
 */
public final class DroverSettingsLoader {
    public static final String SECTION = "drover";

    private DroverSettingsLoader() {
    }

    public static DroverSettings load(ParseContext ctx) {
        Path dir = ctx.mainFile().toAbsolutePath().getParent();
        Config fileConf = ConfigFactory.empty();
        Path droverConf = dir == null ? null : dir.resolve("drover.conf");
        if (droverConf != null && Files.isRegularFile(droverConf)) {
            try {
                fileConf = ConfigFactory.parseFile(droverConf.toFile());
            } catch (ConfigException e) {
                int line = e.origin() == null ? 0 : Math.max(0, e.origin().lineNumber());
                throw new ConfigError(e.getMessage(), droverConf, line, null, null);
            }
        }
        // The system properties as they are now (a reload sees a -D set since), over the reference.conf files as
        // Typesafe Config cached them: they do not change while the JVM runs, and parsing them all again costs
        // ~0.1 s of CPU (the daemon's preload thread parses them while the main thread reads the file).
        Config merged = systemPropertiesNow()
                .withFallback(fileConf)
                .withFallback(ConfigFactory.defaultReference(DroverSettingsLoader.class.getClassLoader()));
        if (ctx.doc().hasSection(SECTION)) {
            SectionReader r = ctx.reader(SECTION);
            for (IniEntry e : ctx.doc().items(SECTION)) {
                SectionReader.Opt opt = r.get(e.key(), null, Map.of("here", ctx.here()));
                try {
                    merged = ConfigFactory.empty()
                            .withValue("drover." + e.key().replace('_', '-'), ConfigValueFactory.fromAnyRef(opt.text()))
                            .withFallback(merged);
                } catch (ConfigException bad) {
                    throw r.error(opt, "invalid [drover] key '" + e.key() + "': " + bad.getMessage());
                }
            }
        }
        try {
            merged = merged.resolve();
        } catch (ConfigException e) {
            throw new ConfigError(e.getMessage(), droverConf, 0, null, null);
        }
        String nodeName = merged.hasPath("drover.node-name") ? merged.getString("drover.node-name") : "";
        if (nodeName.isBlank()) {
            nodeName = ctx.hostNodeName();
            merged = merged.withValue("drover.node-name", ConfigValueFactory.fromAnyRef(nodeName));
        }
        return new DroverSettings(nodeName, merged);
    }

    /** As {@link ConfigFactory#systemProperties()} without its cache (dropping that cache drops every other). */
    private static Config systemPropertiesNow() {
        Properties copy = new Properties();
        copy.putAll(System.getProperties());
        return ConfigFactory.parseProperties(copy,
                ConfigParseOptions.defaults().setOriginDescription("system properties"));
    }
}
