package io.drover.http.xmlrpc;

import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A decoded {@code <methodCall>}.
 *
 * @param methodName the method name, empty when the request had none
 * @param params     the parameters as plain Java values (see {@link XmlRpcRequestParser}); may hold nulls for
 *                   {@code <nil/>}
 */
public record MethodCall(Optional<String> methodName, List<Object> params) {
    public MethodCall {
        params = Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }
}
