package io.drover.config;

import java.util.Locale;
import java.util.Optional;

/** The Linux signals a config or an RPC call may name; numbers as on x86-64 and arm64 Linux. */
public enum Signal {
    HUP(1), INT(2), QUIT(3), ILL(4), TRAP(5), ABRT(6), BUS(7), FPE(8), KILL(9), USR1(10), SEGV(11), USR2(12),
    PIPE(13), ALRM(14), TERM(15), STKFLT(16), CHLD(17), CONT(18), STOP(19), TSTP(20), TTIN(21), TTOU(22), URG(23),
    XCPU(24), XFSZ(25), VTALRM(26), PROF(27), WINCH(28), IO(29), PWR(30), SYS(31),
    /** The first and last real-time signals as glibc reports them (Python's signal.SIGRTMIN/SIGRTMAX). */
    RTMIN(34), RTMAX(64);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** {@code SIGTERM} */
    public String signame() {
        return "SIG" + name();
    }

    /** Accepts {@code TERM}, {@code term}, {@code SIGTERM} and a number, as supervisord's signal_number does. */
    public static Optional<Signal> parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        for (Signal sig : values()) {
            if (sig.name().equals(s)) {
                return Optional.of(sig);
            }
        }
        // IOT, POLL and CLD are aliases Python's signal module also knows.
        if (s.equals("IOT")) return Optional.of(ABRT);
        if (s.equals("POLL")) return Optional.of(IO);
        if (s.equals("CLD")) return Optional.of(CHLD);
        try {
            return byNumber(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static Optional<Signal> byNumber(int n) {
        for (Signal sig : values()) {
            if (sig.number == n) {
                return Optional.of(sig);
            }
        }
        return Optional.empty();
    }
}
