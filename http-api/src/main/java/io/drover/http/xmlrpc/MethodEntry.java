package io.drover.http.xmlrpc;

import java.util.List;

/**
 * A method as {@code system.listMethods}, {@code methodHelp} and {@code methodSignature} describe it.
 *
 * @param name      {@code namespace.method}
 * @param signature return type then parameter types, as supervisord's docstring tags give them
 * @param help      the text {@code methodHelp} returns
 * @param minArgs   fewest arguments accepted (more or fewer is INCORRECT_PARAMETERS, as a Python TypeError is)
 * @param maxArgs   most arguments accepted
 * @param method    the implementation
 */
public record MethodEntry(String name, List<String> signature, String help, int minArgs, int maxArgs,
                          RpcMethod method) {
    public MethodEntry {
        signature = List.copyOf(signature);
    }
}
