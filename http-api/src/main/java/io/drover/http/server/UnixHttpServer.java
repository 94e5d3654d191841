package io.drover.http.server;

import io.drover.config.UnixServerSpec;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
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
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.http.javadsl.settings.ServerSettings;

/**
 * {@code [unix_http_server]}: the socket is bound under a temporary name, given its mode and owner, then renamed
 * into place, so it is never reachable with looser permissions. A stale socket left by a dead daemon is replaced; a
 * live one (something answers) is refused. Served by a {@link LoopServer} (one event-loop thread, no thread per
 * connection); the file is removed on {@link #stop()}.
 */
public final class UnixHttpServer {
    private final Path file;
    private final LoopServer serving;

    private UnixHttpServer(Path file, LoopServer serving) {
        this.file = file;
        this.serving = serving;
    }

    static UnixHttpServer start(ClassicActorSystemProvider system, UnixServerSpec spec, ServerSettings settings,
                                RequestRouter router, HttpLimits limits) {
        Path file = spec.file().toAbsolutePath();
        ServerSocketChannel channel = bind(spec, file, settings.getBacklog());
        try {
            return new UnixHttpServer(file, LoopServer.start(system, spec.section(),
                    "[" + spec.section() + "] file=" + file + ": cannot listen", channel, settings, router, limits));
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

    private static ServerSocketChannel bind(UnixServerSpec spec, Path file, int backlog) {
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
            channel.bind(UnixDomainSocketAddress.of(temp), backlog);
            channel.configureBlocking(false);
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

    /** The socket file. */
    public Path file() {
        return file;
    }

    /** Removes the socket file and stops listening; open connections close once their answer is written. */
    CompletionStage<?> stop() {
        CompletionStage<?> stopped = serving.stop();
        deleteQuietly(file);
        return stopped;
    }
}
