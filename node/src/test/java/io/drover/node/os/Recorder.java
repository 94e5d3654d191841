package io.drover.node.os;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A ChildListener that records everything, for tests. */
class Recorder implements ChildListener {

    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    final CompletableFuture<Void> stdoutEof = new CompletableFuture<>();
    final CompletableFuture<Void> stderrEof = new CompletableFuture<>();
    volatile String outputThread;
    volatile int chunks;
    volatile int pid;

    @Override
    public synchronized void onOutput(Stream stream, byte[] data) {
        outputThread = Thread.currentThread().getName();
        chunks++;
        (stream == Stream.STDOUT ? stdout : stderr).write(data, 0, data.length);
    }

    @Override
    public void onEof(Stream stream) {
        (stream == Stream.STDOUT ? stdoutEof : stderrEof).complete(null);
    }

    @Override
    public void onExit(ExitStatus status) {
        exit.complete(status);
    }

    ExitStatus awaitExit(Duration timeout) throws Exception {
        return exit.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    synchronized String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    synchronized String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    synchronized byte[] outBytes() {
        return stdout.toByteArray();
    }
}
