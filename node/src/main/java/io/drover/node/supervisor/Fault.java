package io.drover.node.supervisor;

/**
 * A failed command, as supervisord's {@code RPCError}: a code and a text that reads {@code NAME} or
 * {@code NAME: detail} (e.g. {@code BAD_NAME: nope}, {@code NO_FILE: can't find command '/x'}).
 *
 * @param code supervisord's fault code
 * @param text the full fault string
 */
public record Fault(int code, String text) {

    public static final int UNKNOWN_METHOD = 1;
    public static final int INCORRECT_PARAMETERS = 2;
    public static final int BAD_ARGUMENTS = 3;
    public static final int SIGNATURE_UNSUPPORTED = 4;
    public static final int SHUTDOWN_STATE = 6;
    public static final int BAD_NAME = 10;
    public static final int BAD_SIGNAL = 11;
    public static final int NO_FILE = 20;
    public static final int NOT_EXECUTABLE = 21;
    public static final int FAILED = 30;
    public static final int ABNORMAL_TERMINATION = 40;
    public static final int SPAWN_ERROR = 50;
    public static final int ALREADY_STARTED = 60;
    public static final int NOT_RUNNING = 70;
    public static final int SUCCESS = 80;
    public static final int ALREADY_ADDED = 90;
    public static final int STILL_RUNNING = 91;
    public static final int CANT_REREAD = 92;

    /** A fault with no detail: the text is the code's name alone ({@code SHUTDOWN_STATE}). */
    public static Fault of(int code) {
        return new Fault(code, nameOf(code));
    }

    /** A fault whose text is {@code NAME: detail}. */
    public static Fault of(int code, String detail) {
        return new Fault(code, nameOf(code) + ": " + detail);
    }

    /** supervisord's name for a fault code ({@code UNKNOWN} if it has none). */
    public static String nameOf(int code) {
        return switch (code) {
            case UNKNOWN_METHOD -> "UNKNOWN_METHOD";
            case INCORRECT_PARAMETERS -> "INCORRECT_PARAMETERS";
            case BAD_ARGUMENTS -> "BAD_ARGUMENTS";
            case SIGNATURE_UNSUPPORTED -> "SIGNATURE_UNSUPPORTED";
            case SHUTDOWN_STATE -> "SHUTDOWN_STATE";
            case BAD_NAME -> "BAD_NAME";
            case BAD_SIGNAL -> "BAD_SIGNAL";
            case NO_FILE -> "NO_FILE";
            case NOT_EXECUTABLE -> "NOT_EXECUTABLE";
            case FAILED -> "FAILED";
            case ABNORMAL_TERMINATION -> "ABNORMAL_TERMINATION";
            case SPAWN_ERROR -> "SPAWN_ERROR";
            case ALREADY_STARTED -> "ALREADY_STARTED";
            case NOT_RUNNING -> "NOT_RUNNING";
            case SUCCESS -> "SUCCESS";
            case ALREADY_ADDED -> "ALREADY_ADDED";
            case STILL_RUNNING -> "STILL_RUNNING";
            case CANT_REREAD -> "CANT_REREAD";
            default -> "UNKNOWN";
        };
    }
}
