package io.drover.config;

import java.nio.file.Path;

/** Where a log channel goes: a file, an AUTO file in childlogdir, nowhere, or syslog. */
public sealed interface LogTarget {
    record File(Path path) implements LogTarget {}

    /** {@code AUTO}: a file named {@code <name>-<channel>---<identifier>-<random>.log} in childlogdir. */
    record Auto() implements LogTarget {}

    /** {@code NONE} (and, for child logs, an empty value). */
    record None() implements LogTarget {}

    /** {@code syslog}: the daemon's log or a channel that goes to syslog only. */
    record Syslog() implements LogTarget {}
}
