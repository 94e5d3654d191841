package io.drover.node.supervisor;

import io.drover.config.SupervisorConfig;

/** Reads the config file again (reloadConfig, restart, SIGHUP). */
@FunctionalInterface
public interface ConfigSource {

    /**
     * @throws Exception with a message that says what is wrong (a {@code ConfigError} for a bad file)
     */
    SupervisorConfig load() throws Exception;
}
