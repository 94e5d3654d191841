package io.drover.http.server;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.Scheduler;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.ActorMaterializer;
import org.apache.pekko.stream.ActorMaterializerSettings;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.ExecutionContext;

/**
 * Serves Pekko HTTP's server layer on a bound, non-blocking listening socket (TCP or UNIX-domain) from one
 * {@link EventLoop} thread: the loop accepts, reads and writes, and runs the connections' streams, so a call costs
 * no hand-off between threads and no thread is kept per connection. Each connection starts on the short path for
 * plain /RPC2 calls ({@link RpcFastLane}) and is handed to Pekko HTTP at the first request that path does not take. {@link InetHttpServer} and
 * {@link UnixHttpServer} bind their sockets their own way and hand them here.
 */
final class LoopServer {
    private static final Logger LOG = LoggerFactory.getLogger(LoopServer.class);
    private static final int ACCEPTS_PER_TURN = 64;

    private final String section;
    private final ServerSocketChannel server;
    private final boolean tcp;
    private final EventLoop loop;
    private final String dispatcher;
    private final Flow<ByteString, ByteString, NotUsed> http;
    private final Materializer materializer;
    private final RpcFastPath fastPath;
    private final Scheduler scheduler;
    private final ExecutionContext onLoop;
    private final int maxConnections;
    /** Shared by every connection: reads happen one at a time on the loop's thread and are copied out. */
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final Set<LoopConnection> open = new HashSet<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private SelectionKey listenKey;
    private boolean stopping;

    private LoopServer(String section, ServerSocketChannel server, EventLoop loop, String dispatcher,
                       Flow<ByteString, ByteString, NotUsed> http, Materializer materializer, int maxConnections,
                       RpcFastPath fastPath, Scheduler scheduler) {
        this.section = section;
        this.fastPath = fastPath;
        this.scheduler = scheduler;
        this.onLoop = ExecutionContext.fromExecutor(task -> {
            try {
                loop.execute(task);
            } catch (RejectedExecutionException stopped) {
                // a connection's timer after the loop ended: nothing left to time
            }
        });
        this.server = server;
        this.tcp = section.startsWith("inet");
        this.loop = loop;
        this.dispatcher = dispatcher;
        this.http = http;
        this.materializer = materializer;
        this.maxConnections = maxConnections;
        stopped.thenRun(materializer::shutdown); // its streams were the connections, all closed by then
    }

    /**
     * Starts serving {@code server} (bound, non-blocking) on a new loop thread named {@code drover-http-<kind>};
     * on failure the socket is closed and an {@link HttpServerException} naming {@code where} is thrown.
     */
    static LoopServer start(ClassicActorSystemProvider system, String section, String where,
                            ServerSocketChannel server, ServerSettings settings, RequestRouter router,
                            HttpLimits limits) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        BidiFlow<TLSProtocol.SslTlsOutbound, ByteString, ByteString, TLSProtocol.SslTlsInbound, NotUsed> placebo =
                (BidiFlow) TLSPlacebo.getInstance();
        Flow<ByteString, ByteString, NotUsed> http = BidiFlow.<ByteString, ByteString>bidirectionalIdleTimeout(
                        limits.idleTimeout())
                .join(Http.get(system).serverLayer(settings).atop(placebo).reversed().join(router.flow()));
        ActorSystem classic = system.classicSystem();
        String name = "drover-http-" + section.substring(0, section.indexOf('_'));
        EventLoop loop = new EventLoop(name);
        classic.registerOnTermination(loop::shutdown);
        String dispatcher = EventLoopDispatcher.register(classic, loop);
        RpcFastPath fastPath = new RpcFastPath(router.rpc(), router.auth(), limits,
                settings.getServerHeader().map(h -> h.value()).orElse(null));
        LoopServer s = new LoopServer(section, server, loop, dispatcher, http,
                loopMaterializer(classic, dispatcher, name), settings.getMaxConnections(), fastPath,
                classic.scheduler());
        CompletableFuture<Void> listening = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                s.listenKey = loop.register(server, SelectionKey.OP_ACCEPT, key -> s.accept());
                listening.complete(null);
            } catch (IOException | RuntimeException e) {
                listening.completeExceptionally(e);
            }
        });
        try {
            listening.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | InterruptedException e) {
            s.stop();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new HttpServerException(where + ": " + e, e);
        }
        return s;
    }

    /**
     * A materializer whose streams, and whose future callbacks (Pekko HTTP continues some work on the
     * materializer's execution context), run on the loop: the system's would wake another thread for every call.
     */
    @SuppressWarnings("deprecation") // the settings' dispatcher is what sets the materializer's execution context
    private static Materializer loopMaterializer(ActorSystem classic, String dispatcher, String name) {
        return ActorMaterializer.create(ActorMaterializerSettings.create(classic).withDispatcher(dispatcher), classic,
                name);
    }

    /** Accepts what is waiting (the loop's thread), up to the connection limit. */
    private void accept() {
        for (int i = 0; i < ACCEPTS_PER_TURN && open.size() < maxConnections; i++) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (IOException e) {
                LOG.warn("{}: accept failed: {}", section, e.toString());
                return;
            }
            if (client == null) {
                return;
            }
            serve(client);
        }
        if (open.size() >= maxConnections && listenKey.isValid()) {
            listenKey.interestOps(0); // taken again when a connection closes
        }
    }

    private void serve(SocketChannel client) {
        LoopConnection c = new LoopConnection(client, readBuffer, this::closed);
        try {
            client.configureBlocking(false);
            if (tcp) {
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            c.register(loop);
        } catch (IOException e) {
            LOG.warn("{}: cannot set up a connection: {}", section, e.toString());
            c.close();
            return;
        }
        open.add(c);
        c.serveFirst(new RpcFastLane(fastPath, c, client, readBuffer, loop, scheduler, onLoop),
                () -> c.source().via(http).to(c.sink()).withAttributes(ActorAttributes.dispatcher(dispatcher))
                        .run(materializer));
    }

    private void closed(LoopConnection c) {
        open.remove(c);
        if (stopping && open.isEmpty()) {
            loop.releaseCancelled();
            stopped.complete(null);
        }
        if (!stopping && listenKey != null && listenKey.isValid() && listenKey.interestOps() == 0) {
            listenKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /**
     * Stops listening at once (the listening socket is closed when the returned stage completes, or sooner);
     * closes idle connections at once and the others once their answer is written, or after a second.
     */
    CompletionStage<?> stop() {
        try {
            loop.execute(this::stopOnLoop);
        } catch (RejectedExecutionException systemGone) {
            closeQuietly(server);
            return CompletableFuture.completedFuture(null); // the loop ended with the actor system, sockets and all
        }
        return stopped;
    }

    private void stopOnLoop() {
        if (stopping) {
            return;
        }
        stopping = true;
        if (listenKey != null) {
            listenKey.cancel();
        }
        closeQuietly(server);
        loop.releaseCancelled(); // the port is free once stop() completes
        if (open.isEmpty()) {
            stopped.complete(null);
            return;
        }
        for (LoopConnection c : List.copyOf(open)) {
            c.closeGracefully();
        }
        CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS).execute(() -> {
            try {
                loop.execute(() -> List.copyOf(open).forEach(LoopConnection::close));
            } catch (RejectedExecutionException systemGone) {
                // the loop stopped with the actor system: nothing left to close
            }
        });
    }

    static void closeQuietly(ServerSocketChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // failing or stopping anyway
            }
        }
    }
}
