package io.drover.config.ini;

/** A file Python's configparser refuses; the message reads as configparser's. */
public final class IniSyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;

    public IniSyntaxError(String message, int line) {
        super(message);
        this.line = line;
    }

    /** The first offending line (1-based). */
    public int line() {
        return line;
    }
}
