package io.drover.node.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The node tests' one way to wait for an outcome: poll with a deadline, never a fixed sleep. */
public final class Eventually {

    private Eventually() {
    }

    /** Until {@code condition} holds; fails naming {@code what} once {@code timeout} has passed. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        poll(timeout, condition, () -> "timed out after " + timeout + " waiting for " + what);
    }

    /** Until {@code condition} holds; fails with {@code whatFailed}'s text (the state seen), computed only then. */
    public static void await(Duration timeout, BooleanSupplier condition, Supplier<String> whatFailed) {
        poll(timeout, condition, () -> "not within " + timeout + ": " + whatFailed.get());
    }

    private static void poll(Duration timeout, BooleanSupplier condition, Supplier<String> failure) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure.get());
            }
            pause();
        }
    }

    /** Until {@code assertion} passes; after the deadline its last failure is rethrown. */
    public static void await(Duration timeout, Runnable assertion) {
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

    /** Until {@code done} accepts the supplied value, which is returned; the failure shows the last value. */
    public static <T> T await(Duration timeout, Supplier<T> value, Predicate<T> done, String what) {
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
            Thread.sleep(5); // the poll interval, not a wait for the outcome
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
