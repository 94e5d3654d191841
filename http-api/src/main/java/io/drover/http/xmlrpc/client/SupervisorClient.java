package io.drover.http.xmlrpc.client;

import java.io.IOException;
import java.util.Arrays;

/** Calls one supervisord (or Drover) over XML-RPC at {@code /RPC2}. */
public final class SupervisorClient {
    private final HttpTransport transport;

    public SupervisorClient(ServerUrl url, String username, String password) {
        this.transport = HttpTransport.forRpc(url, username, password);
    }

    public ServerUrl url() {
        return transport.url();
    }

    /**
     * @return the method's result
     * @throws io.drover.http.xmlrpc.RpcFault the server's fault
     * @throws HttpStatusException            a status other than 200 (401: credentials needed or wrong)
     * @throws ServerUnreachable              nothing listens at the URL
     * @throws MalformedResponseException     an answer that is not XML-RPC
     */
    public Object call(String method, Object... params) throws IOException {
        HttpTransport.Response r = transport.post("/RPC2", XmlRpcRequestWriter.write(method, Arrays.asList(params)));
        if (r.status() != 200) {
            throw new HttpStatusException(r.status(), r.reason());
        }
        return XmlRpcResponseParser.parse(r.body());
    }
}
