package io.drover.node.supervisor;

/** supervisord's own state ({@code getState}: statecode / statename). */
public enum SupervisorState {
    FATAL(2), RUNNING(1), RESTARTING(0), SHUTDOWN(-1);

    private final int code;

    SupervisorState(int code) {
        this.code = code;
    }

    /** {@code statecode} */
    public int code() {
        return code;
    }
}
