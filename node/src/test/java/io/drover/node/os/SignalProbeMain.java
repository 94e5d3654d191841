package io.drover.node.os;

import java.util.concurrent.CountDownLatch;

/** A tiny daemon for DaemonSignalsTest: prints its signal routes, then every signal it gets; exits after TERM. */
public final class SignalProbeMain {

    private SignalProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        CountDownLatch term = new CountDownLatch(1);
        try (OsLayer os = OsLayer.start();
                DaemonSignals signals = DaemonSignals.install(os, s -> {
                    System.out.println("got " + s);
                    System.out.flush();
                    if (s == DaemonSignals.DaemonSignal.TERM) {
                        term.countDown();
                    }
                })) {
            System.out.println("routes " + new java.util.TreeMap<>(signals.routes()));
            System.out.flush();
            term.await();
        }
    }
}
