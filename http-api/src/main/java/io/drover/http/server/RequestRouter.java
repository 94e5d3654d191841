package io.drover.http.server;

import io.drover.http.auth.BasicAuth;
import io.drover.http.logtail.LogTailEndpoint;
import io.drover.http.web.WebUi;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.NotUsed;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's request handler: authentication first (everything is behind it, as in supervisord), then the path
 * prefix picks the endpoint: {@code /RPC2}, {@code /logtail}, {@code /mainlogtail}, the web UI's pages and assets;
 * anything else is 404. {@link #flow()} is what a connection runs.
 */
public final class RequestRouter implements Function<HttpRequest, CompletionStage<HttpResponse>> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

    private final transient BasicAuth auth;
    private final transient XmlRpcEndpoint rpc;
    private final transient LogTailEndpoint tails;
    private final transient WebUi web;
    private final transient Materializer materializer;
    private final transient HttpLimits limits;

    public RequestRouter(BasicAuth auth, XmlRpcEndpoint rpc, LogTailEndpoint tails, WebUi web,
                         Materializer materializer, HttpLimits limits) {
        this.auth = auth;
        this.limits = limits;
        this.rpc = rpc;
        this.tails = tails;
        this.web = web;
        this.materializer = materializer;
    }

    /**
     * One connection's requests, answered in order. A POST to /RPC2 whose body did not arrive with its headers
     * (Python's http.client sends them in two writes) is read here, inside the connection's own stream: reading it
     * later with {@code toStrict} would materialize a stream, and start an actor, for every call.
     */
    public Flow<HttpRequest, HttpResponse, NotUsed> flow() {
        return Flow.of(HttpRequest.class)
                .via(new RpcBodyReader(this::wantsRpcBody, limits))
                .mapAsync(1, in -> in.bodyFailure() == null
                        ? apply(in.request())
                        : CompletableFuture.completedFuture(XmlRpcEndpoint.bodyFailure(in.bodyFailure())));
    }

    BasicAuth auth() {
        return auth;
    }

    XmlRpcEndpoint rpc() {
        return rpc;
    }

    private boolean wantsRpcBody(HttpRequest request) {
        return request.method() == HttpMethods.POST && request.getUri().path().startsWith("/RPC2")
                && auth.check(request) == BasicAuth.Outcome.ALLOWED;
    }

    @Override
    public CompletionStage<HttpResponse> apply(HttpRequest request) {
        try {
            switch (auth.check(request)) {
                case UNAUTHORIZED -> {
                    request.discardEntityBytes(materializer);
                    return CompletableFuture.completedFuture(BasicAuth.unauthorized());
                }
                case MALFORMED -> {
                    request.discardEntityBytes(materializer);
                    return CompletableFuture.completedFuture(ErrorPages.badRequest());
                }
                case UNSPLITTABLE -> {
                    request.discardEntityBytes(materializer);
                    return CompletableFuture.completedFuture(ErrorPages.internalError());
                }
                default -> {
                    // allowed
                }
            }
            String path = request.getUri().path();
            if (path.startsWith("/RPC2")) {
                return rpc.handle(request);
            }
            if (WebUi.serves(path)) {
                return web.handle(request); // reads a POSTed form itself
            }
            request.discardEntityBytes(materializer);
            if (path.startsWith("/logtail")) {
                return tails.processTail(request, path);
            }
            if (path.startsWith("/mainlogtail")) {
                return tails.mainTail(request);
            }
            // medusa's catch-all file handler: any method but GET/HEAD is refused before the path is looked at
            boolean read = request.method() == HttpMethods.GET || request.method() == HttpMethods.HEAD;
            return CompletableFuture.completedFuture(read ? ErrorPages.notFound() : ErrorPages.badRequest());
        } catch (RuntimeException e) {
            LOG.error("HTTP request {} {} failed: {}", request.method().value(), request.getUri().path(), e.toString());
            return CompletableFuture.completedFuture(ErrorPages.internalError());
        }
    }
}
