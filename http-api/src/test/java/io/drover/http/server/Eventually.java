package io.drover.http.server;

import java.time.Duration;
import java.util.concurrent.Callable;

/** Polls a condition until it holds or a deadline passes (tests never sleep a fixed time to wait for an outcome). */
final class Eventually {
    private Eventually() {
    }

    static void await(Duration timeout, String what, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 10;
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(pause); // polling interval, not a wait for the outcome
            pause = Math.min(pause * 2, 200);
        }
    }
}
