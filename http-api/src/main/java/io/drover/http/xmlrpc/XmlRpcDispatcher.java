package io.drover.http.xmlrpc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Routes a decoded call to its method as supervisord's {@code traverse} does (exactly {@code namespace.method},
 * no leading underscore, arity checked) and publishes the {@code system} namespace: {@code listMethods},
 * {@code methodHelp}, {@code methodSignature} and {@code multicall}.
 */
public final class XmlRpcDispatcher {
    private final Map<String, MethodEntry> methods = new TreeMap<>();

    public XmlRpcDispatcher(Collection<MethodEntry> namespaceMethods) {
        for (MethodEntry m : namespaceMethods) {
            methods.put(m.name(), m);
        }
        for (MethodEntry m : systemMethods()) {
            methods.put(m.name(), m);
        }
    }

    /** Every published method name, sorted. */
    public List<String> methodNames() {
        return List.copyOf(methods.keySet());
    }

    /**
     * Calls a method. The stage fails with {@link RpcFault} or {@link RpcInternalError}; anything else that escapes
     * a method is reported as an internal error too.
     */
    public CompletionStage<Object> call(String methodName, List<Object> params) {
        try {
            MethodEntry entry = resolve(methodName);
            if (params.size() < entry.minArgs() || params.size() > entry.maxArgs()) {
                throw Fault.INCORRECT_PARAMETERS.error();
            }
            return entry.method().call(params);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private MethodEntry resolve(String methodName) {
        int dot = methodName.indexOf('.');
        // only namespace.method: no object traversal (CVE-2017-11610), nothing private
        if (dot < 0 || methodName.indexOf('.', dot + 1) >= 0 || methodName.startsWith("_", dot + 1)) {
            throw Fault.UNKNOWN_METHOD.error();
        }
        MethodEntry entry = methods.get(methodName);
        if (entry == null) {
            throw Fault.UNKNOWN_METHOD.error();
        }
        return entry;
    }

    /** Unwraps the cause of a failed stage. */
    public static Throwable cause(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private List<MethodEntry> systemMethods() {
        return List.of(
                new MethodEntry("system.listMethods", List.of("array"),
                        "List the names of every method this server publishes.\n\n"
                                + "@return array result  the method names, sorted",
                        0, 0, args -> CompletableFuture.completedFuture(new ArrayList<Object>(methodNames()))),
                new MethodEntry("system.methodHelp", List.of("string", "string"),
                        "Describe one method.\n\n@param string name  the method's name\n"
                                + "@return string result  its documentation",
                        1, 1, args -> CompletableFuture.completedFuture(describe(args.get(0)).help())),
                new MethodEntry("system.methodSignature", List.of("array", "string"),
                        "The types a method returns and takes: [return type, parameter types...].\n\n"
                                + "@param string name  the method's name\n@return array result  the types",
                        1, 1, args -> CompletableFuture.completedFuture(
                                new ArrayList<Object>(describe(args.get(0)).signature()))),
                new MethodEntry("system.multicall", List.of("array", "array"),
                        "Run several calls in one request, in order. Each call is a struct {methodName, params};\n"
                                + "each result is the call's value, or a struct {faultCode, faultString}.\n\n"
                                + "@param array calls  the calls\n@return array result  one result per call",
                        1, 1, args -> multicall(args.get(0))));
    }

    private MethodEntry describe(Object name) {
        MethodEntry entry = name instanceof String s ? methods.get(s) : null;
        if (entry == null) {
            throw Fault.SIGNATURE_UNSUPPORTED.error();
        }
        return entry;
    }

    private CompletionStage<Object> multicall(Object calls) {
        if (!(calls instanceof List<?> list)) {
            // supervisord slices then pops the argument: a string fails inside (HTTP 500), other types are a TypeError
            throw calls instanceof String ? new RpcInternalError("multicall needs an array") : Fault.INCORRECT_PARAMETERS.error();
        }
        for (Object c : list) {
            if (!(c instanceof Map)) {
                throw new RpcInternalError("a multicall entry must be a struct");
            }
        }
        List<Object> results = new ArrayList<>(list.size());
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (Object c : list) {
            Map<?, ?> call = (Map<?, ?>) c;
            chain = chain.thenCompose(ignored -> oneOfMany(call).thenAccept(results::add));
        }
        return chain.thenApply(ignored -> results);
    }

    private CompletionStage<Object> oneOfMany(Map<?, ?> call) {
        Object name = call.get("methodName");
        CompletionStage<Object> result;
        if (name == null) {
            result = CompletableFuture.failedFuture(Fault.INCORRECT_PARAMETERS.error("No methodName"));
        } else if ("system.multicall".equals(name)) {
            result = CompletableFuture.failedFuture(
                    Fault.INCORRECT_PARAMETERS.error("Recursive system.multicall forbidden"));
        } else if (!(name instanceof String methodName)) {
            // supervisord splits the method name at '.'
            result = CompletableFuture.failedFuture(new RpcInternalError(PyValues.noAttribute(name, "split")));
        } else {
            Object params = call.containsKey("params") ? call.get("params") : List.of();
            List<Object> args = splat(params);
            result = args == null
                    ? CompletableFuture.failedFuture(Fault.INCORRECT_PARAMETERS.error())
                    : call(methodName, args);
        }
        return result.handle((value, error) -> {
            if (error == null) {
                return value;
            }
            Throwable t = cause(error);
            if (t instanceof RpcFault f) {
                return XmlRpcResponseWriter.faultStruct(f.code(), f.text());
            }
            return XmlRpcResponseWriter.faultStruct(Fault.FAILED.code(), "FAILED: " + t.getMessage());
        });
    }

    /** Python's {@code f(*params)}: a list as is, a string's characters, a struct's keys; else not callable. */
    private static List<Object> splat(Object params) {
        if (params instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        if (params instanceof String s) {
            List<Object> chars = new ArrayList<>();
            s.codePoints().forEach(cp -> chars.add(new String(Character.toChars(cp))));
            return chars;
        }
        if (params instanceof Map<?, ?> m) {
            return new ArrayList<>(m.keySet());
        }
        return null;
    }
}
