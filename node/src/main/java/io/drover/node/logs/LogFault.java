package io.drover.node.logs;

/** The supervisord faults a log read can end in, with their XML-RPC fault codes. */
public enum LogFault {
    BAD_ARGUMENTS(3),
    NO_FILE(20),
    FAILED(30);

    private final int code;

    LogFault(int code) {
        this.code = code;
    }

    /** The XML-RPC fault code supervisord uses. */
    public int code() {
        return code;
    }
}
