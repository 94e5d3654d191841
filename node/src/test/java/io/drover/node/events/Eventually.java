package io.drover.node.events;

import java.time.Duration;
import java.util.function.Supplier;

/** Polls an assertion until it passes or a deadline expires (then rethrows its last failure). */
final class Eventually {

    private Eventually() {
    }

    static void await(Duration timeout, Runnable assertion) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            pause();
        }
    }

    static <T> T await(Duration timeout, Supplier<T> value, java.util.function.Predicate<T> done, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T v = value.get();
            if (done.test(v)) {
                return v;
            }
            if (System.nanoTime() > deadline) {
                String last = String.valueOf(v);
                throw new AssertionError("timed out waiting for " + what + "; last value: "
                        + (last.length() > 300 ? last.substring(0, 300) + "..." : last));
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10); // poll interval, not a wait for an outcome
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
