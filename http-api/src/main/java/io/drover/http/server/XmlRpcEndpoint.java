package io.drover.http.server;

import io.drover.http.xmlrpc.MalformedRequestException;
import io.drover.http.xmlrpc.MethodCall;
import io.drover.http.xmlrpc.ResponseBuffer;
import io.drover.http.xmlrpc.RpcFault;
import io.drover.http.xmlrpc.Stages;
import io.drover.http.xmlrpc.XmlRpcDispatcher;
import io.drover.http.xmlrpc.XmlRpcRequestParser;
import io.drover.http.xmlrpc.XmlRpcResponseWriter;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpMethods;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /RPC2}: reads the body (bounded in size and time), decodes it, calls the method and writes the answer.
 * A non-POST, an undecodable body or a missing method name is HTTP 400; a method that fails unexpectedly is 500;
 * a fault is an XML-RPC fault with HTTP 200 — all as supervisord.
 */
public final class XmlRpcEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(XmlRpcEndpoint.class);
    private static final ContentType XML = MediaTypes.TEXT_XML.toContentTypeWithMissingCharset();

    private final XmlRpcDispatcher dispatcher;
    private final HttpLimits limits;
    private final Materializer materializer;

    public XmlRpcEndpoint(XmlRpcDispatcher dispatcher, HttpLimits limits, Materializer materializer) {
        this.dispatcher = dispatcher;
        this.limits = limits;
        this.materializer = materializer;
    }

    public CompletionStage<HttpResponse> handle(HttpRequest request) {
        if (request.method() != HttpMethods.POST) {
            request.discardEntityBytes(materializer);
            return CompletableFuture.completedFuture(ErrorPages.badRequest());
        }
        if (request.entity() instanceof HttpEntity.Strict strict
                && strict.getData().size() <= limits.maxBodyBytes()) {
            // the usual case (RequestRouter reads bodies that arrive late): no future to wait for
            return answer(strict.getData().toArray());
        }
        return Stages.plain(request.entity()
                .withSizeLimit(limits.maxBodyBytes())
                .toStrict(limits.bodyTimeout().toMillis(), materializer))
                .thenCompose(strict -> answer(strict.getData().toArray()))
                .exceptionally(XmlRpcEndpoint::bodyFailure);
    }

    static HttpResponse bodyFailure(Throwable error) {
        Throwable t = XmlRpcDispatcher.cause(error);
        String kind = t.getClass().getSimpleName();
        if (kind.contains("EntityStreamSizeException") || String.valueOf(t.getMessage()).contains("too large")) {
            LOG.warn("XML-RPC request refused: body larger than the limit");
            return ErrorPages.error(StatusCodes.PAYLOAD_TOO_LARGE);
        }
        if (t instanceof TimeoutException || kind.contains("Timeout")) {
            LOG.warn("XML-RPC request refused: body did not arrive in time");
            return ErrorPages.error(StatusCodes.REQUEST_TIMEOUT);
        }
        LOG.error("XML-RPC request failed: {}", t.toString());
        return ErrorPages.internalError();
    }

    private CompletionStage<HttpResponse> answer(byte[] body) {
        MethodCall call;
        try {
            call = XmlRpcRequestParser.parse(body);
        } catch (MalformedRequestException e) {
            LOG.error("XML-RPC request data is invalid: unmarshallable ({})", e.getMessage());
            return CompletableFuture.completedFuture(ErrorPages.badRequest());
        }
        if (call.methodName().isEmpty()) {
            LOG.error("XML-RPC request data is invalid: no method name");
            return CompletableFuture.completedFuture(ErrorPages.badRequest());
        }
        return reply(call).thenApply(r -> r.xml() != null ? xml(r.xml()) : r.error());
    }

    /**
     * What answers a decoded call: the XML body of an HTTP 200 (the method's value or its fault) or, when the
     * method failed unexpectedly or returned what XML-RPC cannot carry, an error page. The stage never fails.
     */
    CompletionStage<Reply> reply(MethodCall call) {
        String method = call.methodName().orElseThrow();
        return dispatcher.call(method, call.params()).handle((value, error) -> {
            try {
                if (error == null) {
                    return new Reply(XmlRpcResponseWriter.successBody(value), null);
                }
                Throwable t = XmlRpcDispatcher.cause(error);
                if (t instanceof RpcFault f) {
                    LOG.trace("XML-RPC method {}() returned fault: [{}] {}", method, f.code(), f.text());
                    return new Reply(XmlRpcResponseWriter.faultBody(f.code(), f.text()), null);
                }
                LOG.error("XML-RPC method {}() failed: {}", method, t.toString());
                return new Reply(null, ErrorPages.internalError());
            } catch (RuntimeException e) {
                LOG.error("XML-RPC method {}() returned a value XML-RPC cannot carry: {}", method, e.toString());
                return new Reply(null, ErrorPages.internalError());
            }
        });
    }

    /** A call's answer: an XML body for HTTP 200, or (xml null) an error response. */
    record Reply(ResponseBuffer xml, HttpResponse error) {
    }

    private static HttpResponse xml(ResponseBuffer body) {
        // the buffer is not touched again: hand it to the entity as is, no copy
        return HttpResponse.create().withEntity(HttpEntities.create(XML,
                ByteString.fromArrayUnsafe(body.array(), 0, body.length())));
    }
}
