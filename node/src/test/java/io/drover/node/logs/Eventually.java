package io.drover.node.logs;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes (tests never sleep for an outcome). */
final class Eventually {
    private Eventually() {
    }

    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> whatFailed) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + whatFailed.get());
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5); // poll interval, not a wait for the outcome
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
    }
}
