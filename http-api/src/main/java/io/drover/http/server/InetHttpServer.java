package io.drover.http.server;

import io.drover.config.InetServerSpec;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/** {@code [inet_http_server]}: Pekko HTTP bound to host:port ({@code *} or an empty host: every interface). */
public final class InetHttpServer {
    private final ServerBinding binding;

    private InetHttpServer(ServerBinding binding) {
        this.binding = binding;
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
                                RequestRouter router, Duration bindTimeout) {
        String host = bindHost(spec);
        CompletionStage<ServerBinding> bound = Http.get(system).newServerAt(host, spec.port())
                .withSettings(settings)
                .bindFlow(router.flow());
        try {
            return new InetHttpServer(bound.toCompletableFuture().get(bindTimeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            if (inUse(e.getCause())) {
                throw HttpServerException.inUse("[inet_http_server] cannot listen on " + host + ":" + spec.port()
                        + ": address already in use", e.getCause());
            }
            throw new HttpServerException("[inet_http_server] cannot listen on " + host + ":" + spec.port() + ": "
                    + e.getCause().getMessage()
                    + " (another program is probably listening on that port)", e.getCause());
        } catch (TimeoutException e) {
            throw new HttpServerException("[inet_http_server] binding " + host + ":" + spec.port() + " timed out", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpServerException("[inet_http_server] interrupted while binding", e);
        }
    }

    private static boolean inUse(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    public InetSocketAddress address() {
        return binding.localAddress();
    }

    CompletionStage<?> stop() {
        return binding.terminate(Duration.ofSeconds(1));
    }
}
