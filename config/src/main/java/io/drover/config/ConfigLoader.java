package io.drover.config;

import io.drover.config.hocon.DroverSettingsLoader;
import io.drover.config.include.IncludeResolver;
import io.drover.config.ini.IniDocument;
import io.drover.config.ini.IniParser;
import io.drover.config.ini.IniSyntaxError;
import io.drover.config.sections.CtlSectionParser;
import io.drover.config.sections.DaemonSectionParser;
import io.drover.config.sections.GroupsParser;
import io.drover.config.sections.HostName;
import io.drover.config.sections.HttpServerParser;
import io.drover.config.sections.ParseContext;
import io.drover.config.sections.RpcInterfaceCheck;
import io.drover.config.sections.SectionReader;
import io.drover.config.sections.WebhookParser;
import io.drover.config.values.BadValue;
import io.drover.config.values.SystemNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a supervisord.conf as supervisord 4.2.5 does and returns the immutable model; every refusal is a
 * {@link ConfigError} with supervisord's wording plus section, file and line.
 */
public final class ConfigLoader {
    /** The embedded configuration used when no file is found. */
    public static final String DEFAULT_RESOURCE = "/io/drover/config/default-supervisord.conf";

    private ConfigLoader() {
    }

    /** Reads {@code file} with the process environment as {@code ENV_*}. */
    public static SupervisorConfig load(Path file) {
        return load(file, System.getenv());
    }

    /** Reads {@code file}, taking {@code environment} as the environment {@code %(ENV_X)s} sees. */
    public static SupervisorConfig load(Path file, Map<String, String> environment) {
        return read(file, environment).config();
    }

    /** As {@link #load(Path, Map)}, with the warnings and infos supervisord would log after reading. */
    public static LoadedConfig read(Path file, Map<String, String> environment) {
        String text = readText(file);
        return parse(file, text, environment);
    }

    /** The file's text, or supervisord's error for a missing or unreadable file. */
    private static String readText(Path file) {
        if (!Files.exists(file)) {
            throw new ConfigError("could not find config file " + file, null, 0, null, null);
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigError("could not read config file " + file, null, 0, null, null);
        }
    }

    /**
     * What supervisorctl (and droverctl) reads from a file: its {@code [supervisorctl]} section only, from this file
     * alone ({@code [include]} is not followed), nothing else checked.
     *
     * @throws ConfigError when the file is missing or unreadable, has no {@code [supervisorctl]} section, or a value
     *                     does not expand
     */
    public static CtlSettings readCtlSettings(Path file, Map<String, String> environment) {
        String text = readText(file);
        IniDocument doc = new IniDocument();
        try {
            IniParser.read(doc, text, file, file.toString());
        } catch (IniSyntaxError e) {
            throw new ConfigError(e.getMessage(), file, e.line(), null, null);
        }
        return CtlSectionParser.parseForClient(new ParseContext(doc, file, environment, HostName.get()));
    }

    /** The built-in standalone configuration ({@code %(here)s} is the system temp directory). */
    public static SupervisorConfig loadDefault() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Path source = Path.of(System.getProperty("java.io.tmpdir"), "drover-default-supervisord.conf");
            return parse(source, text, System.getenv()).config();
        } catch (IOException e) {
            throw new IllegalStateException("the embedded default config is missing", e);
        }
    }

    /** The embedded default configuration's text. */
    public static String defaultConfigText() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the embedded default config is missing", e);
        }
    }

    /**
     * supervisord's search order when no {@code -c} is given. The first two entries are relative to Drover's home
     * (system property {@code drover.home}, set by {@code bin/drover}) as supervisord's are to the parent of its
     * executable's directory.
     */
    public static List<Path> searchPaths() {
        List<Path> paths = new ArrayList<>();
        String home = System.getProperty("drover.home");
        if (home != null && !home.isEmpty()) {
            paths.add(Path.of(home, "etc", "supervisord.conf"));
            paths.add(Path.of(home, "supervisord.conf"));
        }
        paths.add(Path.of("supervisord.conf"));
        paths.add(Path.of("etc", "supervisord.conf"));
        paths.add(Path.of("/etc/supervisord.conf"));
        paths.add(Path.of("/etc/supervisor/supervisord.conf"));
        return paths;
    }

    /** The first existing file of {@link #searchPaths()}. */
    public static Optional<Path> locate() {
        return searchPaths().stream().filter(Files::exists).findFirst();
    }

    static LoadedConfig parse(Path file, String text, Map<String, String> environment) {
        IniDocument doc = new IniDocument();
        try {
            IniParser.read(doc, text, file, file.toString());
        } catch (IniSyntaxError e) {
            throw new ConfigError(e.getMessage(), file, e.line(), null, null);
        }
        ParseContext ctx = new ParseContext(doc, file, environment, HostName.get());
        IncludeResolver.resolve(ctx);
        DaemonSettings daemon = DaemonSectionParser.parse(ctx);
        RpcInterfaceCheck.check(ctx);
        List<GroupSpec> groups = GroupsParser.parse(ctx, daemon.stripAnsi());
        List<InetServerSpec> inet = HttpServerParser.inet(ctx);
        List<UnixServerSpec> unix = HttpServerParser.unix(ctx);
        daemon.user().ifPresent(u -> checkDaemonUser(ctx, u));
        CtlSettings ctl = CtlSectionParser.parse(ctx);
        DroverSettings drover = DroverSettingsLoader.load(ctx);
        List<WebhookSpec> webhooks = WebhookParser.parse(ctx);
        return new LoadedConfig(new SupervisorConfig(file, daemon, inet, unix, ctl, groups, drover, webhooks),
                ctx.warnings(),
                ctx.infos());
    }

    /** supervisord checks its own {@code user=} only after the whole file is read. */
    private static void checkDaemonUser(ParseContext ctx, String user) {
        SectionReader r = ctx.reader(DaemonSectionParser.SECTION);
        SectionReader.Opt opt = r.raw("user", null);
        try {
            SystemNames.user(user);
        } catch (BadValue e) {
            throw r.error(opt, e.getMessage());
        }
    }
}
