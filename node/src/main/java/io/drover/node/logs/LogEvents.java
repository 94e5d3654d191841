package io.drover.node.logs;

import io.drover.config.LogLevel;

/**
 * What a {@link LogChannel} tells its owner (the ProcessActor), which turns it into supervisord events and daemon
 * log lines. Called synchronously from {@link LogChannel#write(byte[])} on the owner's thread; {@code channel} is
 * {@code stdout} or {@code stderr}.
 */
public interface LogEvents {
    /** PROCESS_LOG_STDOUT / PROCESS_LOG_STDERR ({@code *_events_enabled}): the logged bytes, ANSI already stripped. */
    void processLog(String channel, byte[] data);

    /** PROCESS_COMMUNICATION_STDOUT / _STDERR: the bytes between the capture markers, markers excluded. */
    void processCommunication(String channel, byte[] data);

    /**
     * A line for the daemon's own log: the debug echo of child output (supervisord logs it at DEBG when the daemon's
     * loglevel is debug or lower), syslog lines while syslog is not available, and write failures.
     */
    default void daemonLog(LogLevel level, String message) {
    }

    /** Ignores everything (a channel with no events and no daemon log). */
    LogEvents NONE = new LogEvents() {
        @Override
        public void processLog(String channel, byte[] data) {
        }

        @Override
        public void processCommunication(String channel, byte[] data) {
        }
    };
}
