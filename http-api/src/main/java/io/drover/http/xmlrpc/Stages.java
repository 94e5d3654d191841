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
        CompletableFuture<T> f = new CompletableFuture<>();
        stage.whenCompleteAsync((value, error) -> {
            if (error != null) {
                f.completeExceptionally(error);
            } else {
                f.complete(value);
            }
        }, Runnable::run);
        return f;
    }
}
