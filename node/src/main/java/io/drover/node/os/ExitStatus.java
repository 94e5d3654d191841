package io.drover.node.os;

import java.util.OptionalInt;

/**
 * How a child ended: an exit code, or the signal that killed it.
 *
 * @param code   the exit code (0-255), meaningful when {@code signal} is empty
 * @param signal the terminating signal number, if killed by one
 * @param coreDumped whether a core was dumped
 */
public record ExitStatus(int code, OptionalInt signal, boolean coreDumped) {

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, OptionalInt.empty(), false);
    }

    public static ExitStatus killed(int signal, boolean core) {
        return new ExitStatus(-1, OptionalInt.of(signal), core);
    }

    /** supervisord's {@code exitstatus}: the code, or -1 after a death by signal. */
    public int supervisorExitStatus() {
        return signal.isPresent() ? -1 : code;
    }
}
