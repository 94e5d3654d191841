package io.drover.ops;

import io.drover.config.SupervisorConfig;

/** Starts the node for a loaded config. Placeholder until the node runtime is wired in. */
public final class Daemon {
    private Daemon() {
    }

    /** Runs the daemon until it stops; returns the process exit code. */
    public static int run(SupervisorConfig cfg, DaemonOptions opts) {
        System.err.println("drover: daemon not yet wired");
        return 1;
    }
}
