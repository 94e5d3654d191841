package io.drover.config;

/** supervisord's log levels, most verbose first ({@code blather} is its name for below-debug). */
public enum LogLevel {
    BLAT, TRAC, DEBG, INFO, WARN, ERRO, CRIT;

    /** Parses supervisord's level names ({@code critical error warn info debug trace blather}); null if unknown. */
    public static LogLevel fromName(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "critical" -> CRIT;
            case "error" -> ERRO;
            case "warn" -> WARN;
            case "info" -> INFO;
            case "debug" -> DEBG;
            case "trace" -> TRAC;
            case "blather" -> BLAT;
            default -> null;
        };
    }
}
