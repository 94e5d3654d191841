package io.drover.http.server;

import com.typesafe.config.ConfigFactory;
import io.drover.config.CtlSettings;
import io.drover.config.DaemonSettings;
import io.drover.config.DroverSettings;
import io.drover.config.InetServerSpec;
import io.drover.config.LogLevel;
import io.drover.config.LogTarget;
import io.drover.config.SupervisorConfig;
import io.drover.config.UnixServerSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds SupervisorConfig records for HTTP tests. */
final class TestConfigs {
    private TestConfigs() {
    }

    static SupervisorConfig config(Path dir, Optional<InetServerSpec> inet, Optional<UnixServerSpec> unix,
                                   String droverHocon) {
        DaemonSettings daemon = new DaemonSettings(new LogTarget.File(dir.resolve("supervisord.log")), 50_000_000L, 10,
                LogLevel.values()[0], dir.resolve("supervisord.pid"), 022, true, false, 1024, 200, false, dir,
                Optional.empty(), Optional.empty(), false, Map.of(), "supervisor");
        CtlSettings ctl = new CtlSettings(Optional.empty(), Optional.empty(), Optional.empty(), "supervisor",
                Optional.empty());
        return new SupervisorConfig(dir.resolve("supervisord.conf"), daemon, inet.stream().toList(), unix.stream().toList(), ctl, List.of(),
                new DroverSettings("test", ConfigFactory.parseString(droverHocon)), List.of());
    }
}
