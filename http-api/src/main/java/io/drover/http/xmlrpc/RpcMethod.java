package io.drover.http.xmlrpc;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One published XML-RPC method. It gets the arguments already counted against its arity and answers with a value
 * the {@link XmlRpcResponseWriter} can write, or fails with an {@link RpcFault} (an XML-RPC fault) or an
 * {@link RpcInternalError} (HTTP 500).
 */
@FunctionalInterface
public interface RpcMethod {
    CompletionStage<Object> call(List<Object> args);
}
