package io.drover.http.xmlrpc;

/**
 * supervisord's fault codes, by the names its fault strings use ({@code BAD_NAME: nope}).
 */
public enum Fault {
    UNKNOWN_METHOD(1),
    INCORRECT_PARAMETERS(2),
    BAD_ARGUMENTS(3),
    SIGNATURE_UNSUPPORTED(4),
    SHUTDOWN_STATE(6),
    BAD_NAME(10),
    BAD_SIGNAL(11),
    NO_FILE(20),
    NOT_EXECUTABLE(21),
    FAILED(30),
    ABNORMAL_TERMINATION(40),
    SPAWN_ERROR(50),
    ALREADY_STARTED(60),
    NOT_RUNNING(70),
    SUCCESS(80),
    ALREADY_ADDED(90),
    STILL_RUNNING(91),
    CANT_REREAD(92);

    private final int code;

    Fault(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The fault's name for a code, {@code UNKNOWN} for codes supervisord does not define. */
    public static String describe(int code) {
        for (Fault f : values()) {
            if (f.code == code) {
                return f.name();
            }
        }
        return "UNKNOWN";
    }

    /** An exception carrying this fault with no detail: the fault string is the bare name. */
    public RpcFault error() {
        return new RpcFault(code, name());
    }

    /** An exception carrying this fault with a detail: {@code NAME: detail}; a None detail adds nothing (RPCError). */
    public RpcFault error(Object detail) {
        if (detail == null) {
            return error();
        }
        return new RpcFault(code, name() + ": " + PyValues.str(detail));
    }
}
