package io.drover.http.server;

import io.drover.config.InetServerSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/**
 * {@code [inet_http_server]}: host:port ({@code *} or an empty host: every interface), served by a
 * {@link LoopServer} (one event-loop thread, no thread per connection).
 */
public final class InetHttpServer {
    private final ServerSocketChannel server;
    private final LoopServer serving;

    private InetHttpServer(ServerSocketChannel server, LoopServer serving) {
        this.server = server;
        this.serving = serving;
    }

    /** The address that {@code *} or an empty host binds. */
    static String bindHost(InetServerSpec spec) {
        String host = spec.host().strip();
        return host.isEmpty() || host.equals("*") ? "0.0.0.0" : host;
    }

    /**
     * Refuses a server that anyone on the network could drive without a password, unless the operator opted in.
     */
    static void checkExposure(InetServerSpec spec, boolean allowUnauthenticatedRemote) {
        if (spec.credentials().isPresent() || allowUnauthenticatedRemote) {
            return;
        }
        String host = bindHost(spec);
        boolean loopback;
        try {
            loopback = InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new HttpServerException("[inet_http_server] port=" + spec.host() + ":" + spec.port()
                    + ": cannot resolve host '" + host + "'", e);
        }
        if (!loopback) {
            throw new HttpServerException("[inet_http_server] port=" + spec.host() + ":" + spec.port()
                    + " would accept commands from the network without a password: set username and password in"
                    + " [inet_http_server], bind it to 127.0.0.1, or allow it explicitly with"
                    + " 'allow_unauthenticated_remote = true' in the [drover] section"
                    + " (drover.http.allow-unauthenticated-remote)");
        }
    }

    static InetHttpServer start(ClassicActorSystemProvider system, InetServerSpec spec, ServerSettings settings,
                                RequestRouter router, HttpLimits limits) {
        String host = bindHost(spec);
        ServerSocketChannel server = bind(host, spec.port(), settings.getBacklog());
        return new InetHttpServer(server, LoopServer.start(system, spec.section(),
                "[" + spec.section() + "] cannot listen on " + host + ":" + spec.port(), server, settings, router,
                limits));
    }

    private static ServerSocketChannel bind(String host, int port, int backlog) {
        ServerSocketChannel server = null;
        try {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(host, port), backlog);
            server.configureBlocking(false);
            return server;
        } catch (IOException | RuntimeException e) {
            LoopServer.closeQuietly(server);
            if (e instanceof java.net.BindException b && String.valueOf(b.getMessage()).contains("in use")) {
                throw HttpServerException.inUse("[inet_http_server] cannot listen on " + host + ":" + port
                        + ": address already in use", e);
            }
            throw new HttpServerException("[inet_http_server] cannot listen on " + host + ":" + port + ": "
                    + e.getMessage(), e);
        }
    }

    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new HttpServerException("[inet_http_server] no local address: " + e, e);
        }
    }

    /** Stops listening at once; open connections close once their answer is written, or after a second. */
    CompletionStage<?> stop() {
        return serving.stop();
    }
}
