package io.drover.http.server;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.drover.config.Credentials;
import io.drover.config.InetServerSpec;
import io.drover.config.SupervisorConfig;
import io.drover.config.UnixServerSpec;
import io.drover.http.auth.BasicAuth;
import io.drover.http.logtail.LogTailEndpoint;
import io.drover.http.web.WebUi;
import io.drover.http.xmlrpc.NodeClient;
import io.drover.http.xmlrpc.RemoteCommSender;
import io.drover.http.xmlrpc.SupervisorNamespace;
import io.drover.http.xmlrpc.XmlRpcDispatcher;
import io.drover.node.mainlog.MainLog;
import io.drover.node.supervisor.NodeSupervisor;
import io.drover.node.supervisor.ProcessTable;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.http.scaladsl.model.headers.ProductVersion;
import org.apache.pekko.stream.Materializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's HTTP front: every {@code [inet_http_server*]} and {@code [unix_http_server*]} section (any number
 * of each, as supervisord), each serving {@code /RPC2}, {@code /logtail/...}, {@code /mainlogtail} and the web UI behind its own credentials.
 *
 * <pre>{@code
 * HttpServers http = HttpServers.start(system, nodeSupervisor, config);   // throws HttpServerException
 * ...
 * http.stop();                                                           // unbinds, removes the socket file
 * }</pre>
 */
public final class HttpServers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpServers.class);

    private final List<InetHttpServer> inet;
    private final List<UnixHttpServer> unix;

    private HttpServers(List<InetHttpServer> inet, List<UnixHttpServer> unix) {
        this.inet = inet;
        this.unix = unix;
    }

    /** Starts the configured servers; see {@link #start(ActorSystem, ActorRef, SupervisorConfig, Optional)}. */
    /**
     * Builds Pekko HTTP's header-parser tables (parboiled character classes), which the server settings otherwise
     * build on the daemon's main thread while they parse their {@code Server} header: ~0.1-0.25 s of CPU there
     * before the first program can spawn. A launcher calls this on a spare core while it reads the config.
     * Idempotent and thread-safe (class initialization).
     */
    public static void preload() {
        ProductVersion.parseMultiple("Drover");
    }

    public static HttpServers start(ActorSystem<?> system, ActorRef<NodeSupervisor.Command> node,
                                    SupervisorConfig cfg) {
        return start(system, node, cfg, Optional.empty());
    }

    /**
     * Starts the configured servers and returns once they listen.
     *
     * @param remoteComm where {@code sendRemoteCommEvent} publishes (without it: the node's SendRemoteCommEvent)
     * @throws HttpServerException when a server cannot listen (port taken, live socket, bad chown) or an inet
     *                             server would be open to the network without credentials
     */
    public static HttpServers start(ActorSystem<?> system, ActorRef<NodeSupervisor.Command> node,
                                    SupervisorConfig cfg, Optional<RemoteCommSender> remoteComm) {
        return start(system, node, cfg, remoteComm, Optional.empty(), null);
    }

    /**
     * As {@link #start(ActorSystem, ActorRef, SupervisorConfig, Optional)}, reading process info from the node's
     * process table rather than asking the node, and writing supervisord's lines about its servers to the daemon's
     * log: per server (inet sections first, each kind in file order), {@code RPC interface 'supervisor' initialized} and, without credentials,
     * {@code CRIT Server 'inet_http_server' running without any HTTP authentication checking}.
     *
     * @param table   the node's process table; empty to ask the node
     * @param mainLog the daemon's log; null for none
     */
    public static HttpServers start(ActorSystem<?> system, ActorRef<NodeSupervisor.Command> node,
                                    SupervisorConfig cfg, Optional<RemoteCommSender> remoteComm,
                                    Optional<ProcessTable> table, MainLog mainLog) {
        if (cfg.inetServers().isEmpty() && cfg.unixServers().isEmpty()) {
            // Nothing listens: the XML-RPC stack, a stream materializer and Pekko HTTP's settings (over the whole
            // merged config) would cost the main thread ~0.1 s of CPU before the started line for nothing. The
            // limits are still checked ([drover] holds every drover.http key): a bad one is an error either way.
            HttpLimits.from(cfg.drover().config());
            return new HttpServers(List.of(), List.of());
        }
        Config merged = cfg.drover().config()
                .withFallback(system.settings().config())
                .withFallback(ConfigFactory.defaultReference());
        HttpLimits limits = HttpLimits.from(merged);
        boolean allowRemote = allowUnauthenticatedRemote(merged);
        cfg.inetServers().forEach(spec -> InetHttpServer.checkExposure(spec, allowRemote));

        Executor blockingIo = system.dispatchers().lookup(DispatcherSelector.blocking());
        NodeClient client = new NodeClient(node, system.scheduler(),
                merged.getDuration("drover.http.node-query-timeout"), merged.getDuration("drover.http.node-ask-timeout"),
                system.executionContext(), table);
        SupervisorNamespace supervisor = new SupervisorNamespace(client, cfg, blockingIo, remoteComm);
        XmlRpcDispatcher dispatcher = new XmlRpcDispatcher(supervisor.methods());
        Materializer materializer = Materializer.matFromSystem(system);
        XmlRpcEndpoint rpc = new XmlRpcEndpoint(dispatcher, limits, materializer);
        LogTailEndpoint tails = new LogTailEndpoint(new NodeLogLocator(client, cfg), blockingIo);
        WebUi web = new WebUi(client, cfg, blockingIo, materializer);
        ServerSettings settings = ServerSettingsFactory.create(merged, limits);

        List<UnixHttpServer> unix = new ArrayList<>();
        List<InetHttpServer> inet = new ArrayList<>();
        try {
            for (UnixServerSpec spec : cfg.unixServers()) {
                unix.add(UnixHttpServer.start(system, spec, settings,
                        router(spec.credentials(), rpc, tails, web, materializer, limits, spec.section(),
                                mainLog == null), limits));
                LOG.info("RPC interface 'supervisor' listening on unix socket {}", spec.file());
            }
            for (InetServerSpec spec : cfg.inetServers()) {
                InetHttpServer server = InetHttpServer.start(system, spec, settings,
                        router(spec.credentials(), rpc, tails, web, materializer, limits, spec.section(),
                                mainLog == null), limits);
                inet.add(server);
                LOG.info("RPC interface 'supervisor' listening on {}", server.address());
            }
        } catch (RuntimeException e) {
            new HttpServers(inet, unix).close(); // the servers that did start
            throw e;
        }
        if (mainLog != null) {
            cfg.inetServers().forEach(spec -> announce(mainLog, spec.section(), spec.credentials()));
            cfg.unixServers().forEach(spec -> announce(mainLog, spec.section(), spec.credentials()));
        }
        return new HttpServers(inet, unix);
    }

    /** supervisord's make_http_servers lines for one server. */
    private static void announce(MainLog mainLog, String section, Optional<Credentials> credentials) {
        mainLog.info("RPC interface 'supervisor' initialized");
        if (credentials.isEmpty()) {
            mainLog.critical("Server '" + section + "' running without any HTTP authentication checking");
        }
    }

    private static RequestRouter router(Optional<Credentials> credentials, XmlRpcEndpoint rpc, LogTailEndpoint tails,
                                        WebUi web, Materializer materializer, HttpLimits limits,
                                        String section, boolean warnHere) {
        if (credentials.isEmpty() && warnHere) {
            LOG.warn("Server '{}' running without any HTTP authentication checking", section);
        }
        return new RequestRouter(new BasicAuth(credentials), rpc, tails, web, materializer, limits);
    }

    /**
     * {@code drover.http.allow-unauthenticated-remote}; the [drover] section's spelling
     * {@code allow_unauthenticated_remote} is accepted too, at either level.
     */
    static boolean allowUnauthenticatedRemote(Config c) {
        for (String key : List.of("drover.allow_unauthenticated_remote", "drover.allow-unauthenticated-remote",
                "drover.http.allow_unauthenticated_remote", "drover.http.allow-unauthenticated-remote")) {
            if (c.hasPath(key)) {
                Object v = c.getValue(key).unwrapped();
                if (Boolean.TRUE.equals(v) || "true".equalsIgnoreCase(String.valueOf(v).strip())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where the first inet server listens (its real port when configured with port 0). */
    public Optional<InetSocketAddress> inetAddress() {
        return inet.stream().findFirst().map(InetHttpServer::address);
    }

    /** Where every inet server listens, in the config's order. */
    public List<InetSocketAddress> inetAddresses() {
        return inet.stream().map(InetHttpServer::address).toList();
    }

    /** The first unix server's socket file. */
    public Optional<Path> unixSocket() {
        return unix.stream().findFirst().map(UnixHttpServer::file);
    }

    /** Stops listening, closes open connections and removes the socket file. */
    public CompletionStage<Void> stop() {
        List<CompletableFuture<?>> all = new ArrayList<>();
        inet.forEach(s -> all.add(s.stop().toCompletableFuture()));
        unix.forEach(s -> all.add(s.stop().toCompletableFuture()));
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** {@link #stop()} and wait for it (at most 5 seconds). */
    @Override
    public void close() {
        try {
            stop().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("HTTP servers did not stop cleanly: {}", e.toString());
        }
    }
}
