package io.drover.http.xmlrpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Bridges stages returned by Pekko into plain {@link CompletableFuture}s. Pekko's stages (Scala future converters)
 * run every non-async continuation asynchronously on the common pool, and on a 2-core machine the common pool has
 * parallelism 1, where {@link CompletableFuture} starts a new thread per task: chaining on them directly cost a
 * thread per request. The bridge completes inline and later continuations run where the value arrives.
 */
public final class Stages {
    private Stages() {
    }

    public static <T> CompletableFuture<T> plain(CompletionStage<T> stage) {
        return plainOn(stage, Runnable::run);
    }

    /**
     * As {@link #plain}, but continues on {@code executor}: for answers that an actor completes inside its own
     * message handler (an ask's reply), so that what follows (XML rendering) does not run in the actor's turn.
     */
    public static <T> CompletableFuture<T> plainOn(CompletionStage<T> stage, java.util.concurrent.Executor executor) {
        CompletableFuture<T> f = new CompletableFuture<>();
        stage.whenCompleteAsync((value, error) -> {
            if (error != null) {
                f.completeExceptionally(error);
            } else {
                f.complete(value);
            }
        }, executor);
        return f;
    }
}
