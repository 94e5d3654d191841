package io.drover.http.logtail;

import io.drover.http.server.ErrorPages;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.DateTime;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.headers.LastModified;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/**
 * supervisord's streaming tails: {@code /logtail/<name>[/stdout|/stderr]} and {@code /mainlogtail}. A chunked
 * text response that starts with the last 1024 bytes and follows the file while the client stays connected.
 * Unknown names, unknown channels and missing files are 404; anything but GET is 400.
 */
public final class LogTailEndpoint {
    private static final int HEAD = 1024;
    private static final Duration POLL = Duration.ofMillis(100);

    private final LogLocator locator;
    private final Executor blockingIo;

    public LogTailEndpoint(LogLocator locator, Executor blockingIo) {
        this.locator = locator;
        this.blockingIo = blockingIo;
    }

    /** {@code /logtail/...}: {@code path} is the request path. */
    public CompletionStage<HttpResponse> processTail(HttpRequest request, String path) {
        if (request.method() != HttpMethods.GET) {
            return CompletableFuture.completedFuture(ErrorPages.badRequest());
        }
        String p = path.contains("%") ? URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8) : path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        int slash = p.indexOf('/');
        if (slash < 0) {
            return CompletableFuture.completedFuture(ErrorPages.internalError());
        }
        String rest = p.substring(slash + 1);
        int second = rest.indexOf('/');
        String name = second < 0 ? rest : rest.substring(0, second);
        String channel = second < 0 ? "stdout" : rest.substring(second + 1);
        return locator.processLog(name, channel)
                .thenCompose(file -> file.map(f -> stream(f, true))
                        .orElseGet(() -> CompletableFuture.completedFuture(ErrorPages.notFound())));
    }

    /** {@code /mainlogtail}. */
    public CompletionStage<HttpResponse> mainTail(HttpRequest request) {
        if (request.method() != HttpMethods.GET) {
            return CompletableFuture.completedFuture(ErrorPages.badRequest());
        }
        Optional<Path> file = locator.mainLog();
        return file.map(f -> stream(f, false))
                .orElseGet(() -> CompletableFuture.completedFuture(ErrorPages.notFound()));
    }

    private CompletionStage<HttpResponse> stream(Path file, boolean noProxyBuffering) {
        return CompletableFuture.supplyAsync(() -> {
            if (!Files.exists(file)) {
                return ErrorPages.notFound();
            }
            try {
                long mtime = Files.getLastModifiedTime(file).toMillis();
                LogFollower follower = new LogFollower(file, HEAD);
                HttpResponse response = HttpResponse.create()
                        .addHeader(LastModified.create(DateTime.create(mtime)))
                        .withEntity(HttpEntities.createChunked(ContentTypes.TEXT_PLAIN_UTF8, follow(follower)));
                return noProxyBuffering ? response.addHeader(RawHeader.create("X-Accel-Buffering", "no")) : response;
            } catch (IOException e) {
                return ErrorPages.notFound();
            }
        }, blockingIo);
    }

    private Source<ByteString, NotUsed> follow(LogFollower follower) {
        return Source.tick(Duration.ZERO, POLL, NotUsed.getInstance())
                .mapAsync(1, tick -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return ByteString.fromArray(follower.poll());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }, blockingIo))
                .filter(bytes -> !bytes.isEmpty())
                .watchTermination((mat, done) -> {
                    done.whenCompleteAsync((ok, err) -> {
                        try {
                            follower.close();
                        } catch (IOException ignored) {
                            // nothing more to do for a closed tail
                        }
                    }, blockingIo);
                    return NotUsed.getInstance();
                });
    }
}
