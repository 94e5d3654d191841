package io.drover.config.hocon;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.drover.config.DroverSettings;
import io.drover.config.ini.IniEntry;
import io.drover.config.sections.ParseContext;
import io.drover.config.sections.SectionReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
        if (dir != null && Files.isRegularFile(dir.resolve("drover.conf"))) {
            fileConf = ConfigFactory.parseFile(dir.resolve("drover.conf").toFile());
        }
        ConfigFactory.invalidateCaches();
        Config merged = ConfigFactory.systemProperties()
                .withFallback(fileConf)
                .withFallback(ConfigFactory.defaultReference(DroverSettingsLoader.class.getClassLoader()));
        if (ctx.doc().hasSection(SECTION)) {
            SectionReader r = ctx.reader(SECTION);
            for (IniEntry e : ctx.doc().items(SECTION)) {
                String value = r.get(e.key(), null, Map.of("here", ctx.here())).text();
                merged = ConfigFactory.empty()
                        .withValue("drover." + e.key().replace('_', '-'), ConfigValueFactory.fromAnyRef(value))
                        .withFallback(merged);
            }
        }
        merged = merged.resolve();
        String nodeName = merged.hasPath("drover.node-name") ? merged.getString("drover.node-name") : "";
        if (nodeName.isBlank()) {
            nodeName = ctx.hostNodeName();
            merged = merged.withValue("drover.node-name", ConfigValueFactory.fromAnyRef(nodeName));
        }
        return new DroverSettings(nodeName, merged);
    }
}
