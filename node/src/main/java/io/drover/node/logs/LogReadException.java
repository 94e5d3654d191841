package io.drover.node.logs;

/**
 * A log read that supervisord would answer with a fault. {@link #getMessage()} is the fault string as supervisord
 * words it ({@code NAME} or {@code NAME: detail}).
 */
public final class LogReadException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient LogFault fault;
    private final String detail;

    public LogReadException(LogFault fault, String detail) {
        super(detail == null || detail.isEmpty() ? fault.name() : fault.name() + ": " + detail);
        this.fault = fault;
        this.detail = detail == null ? "" : detail;
    }

    public LogFault fault() {
        return fault;
    }

    /** What supervisord puts after {@code NAME: } (may be empty). */
    public String detail() {
        return detail;
    }
}
