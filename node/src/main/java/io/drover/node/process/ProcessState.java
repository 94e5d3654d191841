package io.drover.node.process;

import java.util.EnumSet;
import java.util.Set;

/** supervisord's process states, with the codes and names its RPC interface reports. */
public enum ProcessState {
    STOPPED(0), STARTING(10), RUNNING(20), BACKOFF(30), STOPPING(40), EXITED(100), FATAL(200), UNKNOWN(1000);

    /** States in which supervisord considers a process "running" (start refuses, stop accepts). */
    public static final Set<ProcessState> RUNNING_STATES = EnumSet.of(RUNNING, BACKOFF, STARTING);
    /** States in which a process counts as stopped (a group is fully stopped when all are in one). */
    public static final Set<ProcessState> STOPPED_STATES = EnumSet.of(STOPPED, EXITED, FATAL, UNKNOWN);
    /** States in which signalProcess may signal the child. */
    public static final Set<ProcessState> SIGNALLABLE_STATES = EnumSet.of(RUNNING, STARTING, STOPPING);

    private final int code;

    ProcessState(int code) {
        this.code = code;
    }

    /** The numeric code ({@code state} in getProcessInfo). */
    public int code() {
        return code;
    }

    public boolean isRunning() {
        return RUNNING_STATES.contains(this);
    }

    public boolean isStopped() {
        return STOPPED_STATES.contains(this);
    }

    public boolean isSignallable() {
        return SIGNALLABLE_STATES.contains(this);
    }
}
