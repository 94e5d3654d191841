package io.drover.http.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/** Pekko HTTP settings for Drover's servers: bounded bodies, no request timeout, a long idle timeout. */
final class ServerSettingsFactory {
    private ServerSettingsFactory() {
    }

    static ServerSettings create(Config systemConfig, HttpLimits limits) {
        Config overrides = ConfigFactory.parseString(
                "pekko.http.server {\n"
                        + "  server-header = Drover\n"
                        // supervisorctl's tail over unix:// sends an empty Host: resolve it instead of refusing
                        + "  default-host-header = localhost\n"
                        // startProcess waits for startsecs and tails stream forever: no per-request deadline
                        + "  request-timeout = infinite\n"
                        + "  idle-timeout = " + limits.idleTimeout().toMillis() + "ms\n"
                        + "  parsing.max-content-length = " + limits.maxBodyBytes() + "\n"
                        // headers as the client sent them: Pekko's Authorization model turns "Basic <user>"
                        // into "<user>:" and supervisord answers the two differently
                        + "  parsing.modeled-header-parsing = off\n"
                        // medusa's error pages (and 400, not 501, for an unknown method)
                        + "  parsing.error-handler = \"" + MedusaParsingErrors.class.getName() + "\"\n"
                        + "}\n");
        ServerSettings settings = ServerSettings.create(overrides.withFallback(systemConfig));
        return settings.withParserSettings(settings.getParserSettings().withMaxContentLength(limits.maxBodyBytes()));
    }
}
