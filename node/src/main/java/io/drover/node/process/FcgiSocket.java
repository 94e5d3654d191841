package io.drover.node.process;

import io.drover.config.FcgiSocketSpec;
import io.drover.node.mainlog.MainLog;
import io.drover.node.os.SocketBinder;
import io.drover.node.os.SocketOwner;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The listening socket of an {@code [fcgi-program:x]} group, counted by reference as supervisord's socket_manager
 * does: created (bound, chowned to {@code socket_owner}, chmodded to {@code socket_mode}) when the first process of
 * the group spawns, closed when the last one is reaped; a unix socket's file stays until the next creation replaces
 * it. Its processes' actors share it, so the count is guarded by this object's lock (bind and close do not block).
 */
public final class FcgiSocket {

    private final FcgiSocketSpec spec;
    private final MainLog log;
    private int references;
    private int fd = -1;

    private FcgiSocket(FcgiSocketSpec spec, MainLog log) {
        this.spec = spec;
        this.log = log;
    }

    /** The group's socket, not created yet. */
    public static FcgiSocket of(FcgiSocketSpec spec, MainLog log) {
        return new FcgiSocket(spec, log);
    }

    /**
     * Creates and closes the socket at once, as supervisord does when it builds the group, so that a bad socket is
     * reported early (each spawn tries again).
     *
     * @throws IOException {@code Could not create FastCGI socket <url>: <why>}
     */
    public void check() throws IOException {
        acquire();
        release();
    }

    /** One more holder (a process about to spawn); returns the listening fd, creating the socket if none is open. */
    public synchronized int acquire() throws IOException {
        if (references == 0) {
            log.info("Creating socket " + spec.url());
            fd = create();
        }
        references++;
        return fd;
    }

    /** One holder fewer (its process was reaped or never spawned); the last one closes the socket. */
    public synchronized void release() {
        if (references == 0) {
            return;
        }
        if (--references == 0) {
            log.info("Closing socket " + spec.url());
            SocketBinder.close(fd);
            fd = -1;
        }
    }

    private int create() throws IOException {
        OptionalInt backlog = spec.backlog().map(OptionalInt::of).orElse(OptionalInt.empty());
        try {
            if (spec.path().isPresent()) {
                Optional<SocketOwner> owner = spec.owner().isPresent()
                        ? Optional.of(SocketOwner.of(spec.owner().get())) : Optional.empty();
                return SocketBinder.bindUnix(spec.path().get(), Optional.of(spec.mode()),
                        owner.map(o -> OptionalInt.of(o.uid())).orElse(OptionalInt.empty()),
                        owner.map(o -> o.gid() < 0 ? OptionalInt.empty() : OptionalInt.of(o.gid()))
                                .orElse(OptionalInt.empty()), backlog);
            }
            return SocketBinder.bindTcp(spec.host(), spec.port(), backlog);
        } catch (IOException | RuntimeException e) {
            throw new IOException("Could not create FastCGI socket " + spec.url() + ": " + e.getMessage(), e);
        }
    }
}
