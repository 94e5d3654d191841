package io.drover.ops.ctl;

import java.io.Closeable;
import java.io.IOException;
import sun.misc.Signal;

/**
 * Ctrl-C during a streamed tail: supervisorctl catches KeyboardInterrupt, prints an empty line and carries on. The
 * SIGINT handler closes the stream being read, which ends the blocked read; outside a stream Ctrl-C exits 130.
 */
final class Interrupts {
    private static volatile Closeable current;
    private static volatile boolean interrupted;
    private static volatile boolean installed;

    private Interrupts() {
    }

    static synchronized <T extends Closeable> T closeOnInterrupt(T stream) {
        install();
        interrupted = false;
        current = stream;
        return stream;
    }

    static boolean interrupted() {
        return interrupted;
    }

    static void clear() {
        current = null;
    }

    private static void install() {
        if (installed) {
            return;
        }
        installed = true;
        try {
            Signal.handle(new Signal("INT"), sig -> {
                Closeable c = current;
                if (c == null) {
                    Runtime.getRuntime().halt(130);
                }
                interrupted = true;
                try {
                    c.close();
                } catch (IOException e) {
                    // already closed
                }
            });
        } catch (IllegalArgumentException e) {
            // no SIGINT handling on this JVM (-Xrs): Ctrl-C ends the JVM
        }
    }
}
