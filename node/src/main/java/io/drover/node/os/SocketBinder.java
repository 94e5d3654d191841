package io.drover.node.os;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import jnr.ffi.Pointer;
import jnr.ffi.byref.IntByReference;

/**
 * Listening sockets for fcgi programs, created natively so the fd can be dup'ed onto a child's stdin: blocking
 * (the children accept on it), CLOEXEC on our side, kept open across child restarts until {@link #close}. As
 * supervisord: TCP is IPv4 with SO_REUSEADDR; a unix socket replaces an existing file, then gets its owner and
 * mode; the backlog defaults to SOMAXCONN. Failures carry Python's OSError text ({@code [Errno 98] Address already
 * in use}).
 */
public final class SocketBinder {

    private static final int AF_UNIX = 1;
    private static final int AF_INET = 2;
    private static final int SOCK_STREAM = 1;
    private static final int SOCK_CLOEXEC = Native.O_CLOEXEC;
    private static final int SOL_SOCKET = 1;
    private static final int SO_REUSEADDR = 2;
    private static final int SOMAXCONN = 4096;
    private static final int SUN_PATH_MAX = 108;

    private SocketBinder() {
    }

    /** Binds and listens on {@code host:port} (IPv4; an empty host is any address); returns the fd. */
    public static int bindTcp(String host, int port, OptionalInt backlog) throws IOException {
        byte[] address = ipv4(host);
        int fd = socket(AF_INET);
        try {
            Pointer one = Native.allocate(4);
            one.putInt(0, 1);
            check(Native.LIBC.setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, one, 4));
            Pointer sin = Native.allocate(16);
            sin.putShort(0, (short) AF_INET);
            sin.putByte(2, (byte) (port >> 8));
            sin.putByte(3, (byte) port);
            sin.put(4, address, 0, 4);
            check(Native.LIBC.bind(fd, sin, 16));
            check(Native.LIBC.listen(fd, backlog.orElse(SOMAXCONN)));
            return fd;
        } catch (IOException e) {
            Native.LIBC.close(fd);
            throw e;
        }
    }

    /**
     * Binds and listens on a unix socket at {@code path} (an existing file there is removed first), then chown
     * ({@code uid}, {@code gid}; -1 keeps) and chmod as supervisord does; returns the fd.
     */
    public static int bindUnix(Path path, Optional<Integer> mode, OptionalInt uid, OptionalInt gid,
            OptionalInt backlog) throws IOException {
        String file = path.toString();
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        if (bytes.length >= SUN_PATH_MAX) {
            throw new IOException("AF_UNIX path too long");
        }
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            Native.LIBC.unlink(file);
        }
        int fd = socket(AF_UNIX);
        try {
            Pointer sun = Native.allocate(2 + SUN_PATH_MAX);
            sun.putShort(0, (short) AF_UNIX);
            sun.put(2, bytes, 0, bytes.length);
            check(Native.LIBC.bind(fd, sun, 2 + bytes.length + 1));
            if (uid.isPresent() || gid.isPresent()) {
                if (Native.LIBC.chown(file, uid.orElse(-1), gid.orElse(-1)) != 0) {
                    throw new IOException("Could not change ownership of socket file: " + osError());
                }
            }
            if (mode.isPresent() && Native.LIBC.chmod(file, mode.get()) != 0) {
                throw new IOException("Could not change permissions of socket file: " + osError());
            }
            check(Native.LIBC.listen(fd, backlog.orElse(SOMAXCONN)));
            return fd;
        } catch (IOException e) {
            Native.LIBC.close(fd);
            Native.LIBC.unlink(file);
            throw e;
        }
    }

    /** The port a TCP listening fd is bound to (for port 0). */
    public static int localPort(int fd) throws IOException {
        Pointer sin = Native.allocate(16);
        IntByReference length = new IntByReference(16);
        check(Native.LIBC.getsockname(fd, sin, length));
        return ((sin.getByte(2) & 0xff) << 8) | (sin.getByte(3) & 0xff);
    }

    /** Closes a socket fd returned by this class. */
    public static void close(int fd) {
        Native.closeQuietly(fd);
    }

    private static byte[] ipv4(String host) throws IOException {
        if (host.isEmpty()) {
            return new byte[4];
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                if (address instanceof Inet4Address) {
                    return address.getAddress();
                }
            }
        } catch (UnknownHostException e) {
            throw new IOException("[Errno -2] Name or service not known: " + host, e);
        }
        throw new IOException("[Errno -9] Address family for hostname not supported: " + host);
    }

    private static int socket(int family) throws IOException {
        int fd = Native.LIBC.socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            throw new IOException(osError());
        }
        return fd;
    }

    private static void check(int rc) throws IOException {
        if (rc != 0) {
            throw new IOException(osError());
        }
    }

    /** Python's str(OSError): {@code [Errno 98] Address already in use}. */
    private static String osError() {
        int errno = Native.errno();
        return "[Errno " + errno + "] " + Native.LIBC.strerror(errno);
    }
}
