package io.drover.http.server;

import io.drover.config.UnixServerSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.settings.ServerSettings;
import org.apache.pekko.stream.ActorAttributes;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.TLSProtocol;
import org.apache.pekko.stream.javadsl.BidiFlow;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.stream.javadsl.StreamConverters;
import org.apache.pekko.stream.javadsl.TLSPlacebo;
import org.apache.pekko.util.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [unix_http_server]}: Pekko HTTP's server layer over a JDK UNIX-domain socket. The socket is bound under
 * a temporary name, given its mode and owner, then renamed into place, so it is never reachable with looser
 * permissions. A stale socket left by a dead daemon is replaced; a live one (something answers) is refused. The
 * file is removed on {@link #stop()}.
 *
 * <p>One accept thread; each connection's blocking reads and writes run on {@code drover.http.unix-socket-dispatcher}.
 */
public final class UnixHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(UnixHttpServer.class);
    static final String DISPATCHER = "drover.http.unix-socket-dispatcher";

    private final Path file;
    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean stopping;

    private UnixHttpServer(Path file, ServerSocketChannel server, Flow<ByteString, ByteString, NotUsed> http,
                           Materializer materializer) {
        this.file = file;
        this.server = server;
        this.acceptor = new Thread(() -> acceptLoop(http, materializer), "drover-unix-http-accept");
        this.acceptor.setDaemon(true);
    }

    static UnixHttpServer start(ClassicActorSystemProvider system, UnixServerSpec spec, ServerSettings settings,
                                RequestRouter router) {
        Path file = spec.file().toAbsolutePath();
        ServerSocketChannel channel = bind(spec, file);
        try {
            return serve(system, settings, router, file, channel);
        } catch (RuntimeException e) {
            // e.g. the actor system is shutting down: leave no socket file behind that nobody serves
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
            deleteQuietly(file);
            throw e;
        }
    }

    private static UnixHttpServer serve(ClassicActorSystemProvider system, ServerSettings settings,
                                        RequestRouter router, Path file, ServerSocketChannel channel) {
        Flow<HttpRequest, HttpResponse, NotUsed> handler = router.flow();
        @SuppressWarnings({"unchecked", "rawtypes"})
        BidiFlow<TLSProtocol.SslTlsOutbound, ByteString, ByteString, TLSProtocol.SslTlsInbound, NotUsed> placebo =
                (BidiFlow) TLSPlacebo.getInstance();
        Flow<ByteString, ByteString, NotUsed> http = Http.get(system).serverLayer(settings)
                .atop(placebo)
                .reversed()
                .join(handler);
        UnixHttpServer s = new UnixHttpServer(file, channel, http, Materializer.matFromSystem(system));
        s.acceptor.start();
        return s;
    }

    private static ServerSocketChannel bind(UnixServerSpec spec, Path file) {
        String where = "[" + spec.section() + "] file=" + file;
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (isLive(file)) {
                throw HttpServerException.inUse(where + ": another program is already listening on this socket;"
                        + " shut it down first", null);
            }
            if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                // supervisord removes whatever nobody listens on (a plain file too), saying so on stderr.
                System.err.println("Unlinking stale socket " + file);
                deleteQuietly(file);
            } else {
                throw new HttpServerException(where + ": exists and is not a socket");
            }
        }
        Path temp = file.resolveSibling(file.getFileName() + "." + ProcessHandle.current().pid());
        deleteQuietly(temp);
        ServerSocketChannel channel = null;
        try {
            channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            channel.bind(UnixDomainSocketAddress.of(temp));
            Files.setPosixFilePermissions(temp, permissions(spec.chmod()));
            if (spec.chown().isPresent()) {
                chown(temp, spec.chown().get());
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return channel;
        } catch (IOException | RuntimeException e) {
            deleteQuietly(temp);
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // already failing
                }
            }
            if (e instanceof HttpServerException h) {
                throw h;
            }
            throw new HttpServerException(where + ": cannot listen: " + e, e);
        }
    }

    /** Whether a server answers on the socket (supervisord's check: connect, send a request, read a byte). */
    private static boolean isLive(Path file) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(file))) {
            probe.write(ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            probe.read(ByteBuffer.allocate(1)); // supervisord's recv(1): an empty answer (EOF) counts as live too
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                perms.add(order[bit]);
            }
        }
        return perms;
    }

    private static void chown(Path path, String owner) throws IOException {
        String user = owner;
        String group = null;
        int colon = owner.indexOf(':');
        if (colon >= 0) {
            user = owner.substring(0, colon);
            group = owner.substring(colon + 1);
        }
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            Files.setOwner(path, lookup.lookupPrincipalByName(user));
            if (group != null && !group.isEmpty()) {
                GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(g);
            }
        } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
            throw new HttpServerException("[unix_http_server] chown=" + owner + ": no such user or group '"
                    + e.getName() + "'", e);
        } catch (java.nio.file.FileSystemException e) {
            throw new HttpServerException("[unix_http_server] not permitted to chown " + path + " to " + owner
                    + "; adjust chown= or run as a user allowed to do it", e);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // nothing to clean
        }
    }

    private void acceptLoop(Flow<ByteString, ByteString, NotUsed> http, Materializer materializer) {
        while (!stopping) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!stopping) {
                    LOG.warn("unix socket accept failed: {}", e.toString());
                }
                continue;
            }
            serve(client, http, materializer);
        }
    }

    private void serve(SocketChannel client, Flow<ByteString, ByteString, NotUsed> http, Materializer mat) {
        open.incrementAndGet();
        Source<ByteString, ?> in = StreamConverters.fromInputStream(() -> new ChannelIn(client), 16 * 1024)
                .withAttributes(ActorAttributes.dispatcher(DISPATCHER));
        Sink<ByteString, CompletionStage<org.apache.pekko.stream.IOResult>> out =
                StreamConverters.fromOutputStream(() -> new ChannelOut(client), true)
                        .withAttributes(ActorAttributes.dispatcher(DISPATCHER));
        CompletionStage<?> done = in.via(http).runWith(out, mat);
        done.whenCompleteAsync((r, e) -> {
            open.decrementAndGet();
            try {
                client.close();
            } catch (IOException ignored) {
                // closing a finished connection
            }
        }, Runnable::run);
    }

    /** The socket file. */
    public Path file() {
        return file;
    }

    CompletionStage<?> stop() {
        stopping = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        deleteQuietly(file);
        return CompletableFuture.completedFuture(null);
    }

    /** Reads straight from the channel (Channels.newInputStream would serialize reads with writes). */
    private static final class ChannelIn extends InputStream {
        private final SocketChannel ch;

        ChannelIn(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            try {
                return ch.read(ByteBuffer.wrap(b, off, len));
            } catch (ClosedChannelException e) {
                return -1;
            }
        }

        @Override
        public void close() throws IOException {
            if (ch.isOpen()) {
                ch.shutdownInput();
            }
        }
    }

    /** Writes straight to the channel; closing it closes the connection. */
    private static final class ChannelOut extends OutputStream {
        private final SocketChannel ch;

        ChannelOut(SocketChannel ch) {
            this.ch = ch;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }

        @Override
        public void close() throws IOException {
            ch.close();
        }
    }
}
