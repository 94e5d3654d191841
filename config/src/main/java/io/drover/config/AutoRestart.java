package io.drover.config;

/** {@code autorestart}: always, never, or only after an exit code not in {@code exitcodes}. */
public enum AutoRestart {
    TRUE, FALSE, UNEXPECTED
}
