package io.drover.http.server;

import io.drover.http.auth.BasicAuth;
import io.drover.http.logtail.LogTailEndpoint;
import io.drover.http.web.WebUi;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One server's request handler: authentication first (everything is behind it, as in supervisord), then the path
 * prefix picks the endpoint: {@code /RPC2}, {@code /logtail}, {@code /mainlogtail}, the web UI's pages and assets;
 * anything else is 404.
 */
public final class RequestRouter implements Function<HttpRequest, CompletionStage<HttpResponse>> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(RequestRouter.class);

    private final transient BasicAuth auth;
    private final transient XmlRpcEndpoint rpc;
    private final transient LogTailEndpoint tails;
    private final transient WebUi web;
    private final transient Materializer materializer;

    public RequestRouter(BasicAuth auth, XmlRpcEndpoint rpc, LogTailEndpoint tails, WebUi web,
                         Materializer materializer) {
        this.auth = auth;
        this.rpc = rpc;
        this.tails = tails;
        this.web = web;
        this.materializer = materializer;
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
            return CompletableFuture.completedFuture(ErrorPages.notFound());
        } catch (RuntimeException e) {
            LOG.error("HTTP request {} {} failed: {}", request.method().value(), request.getUri().path(), e.toString());
            return CompletableFuture.completedFuture(ErrorPages.internalError());
        }
    }
}
