package io.drover.node.os;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Pointer;

/**
 * A test's own syslog daemon: a UNIX datagram socket bound at a temporary path (what {@code /dev/log} is), read with
 * a receive timeout. Points {@link SyslogSocket} at itself while open.
 */
public final class SyslogReceiver implements AutoCloseable {
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;

    private final Path dir;
    private final Path path;
    private final int fd;
    private final Pointer buffer = Native.allocate(65536);

    public SyslogReceiver() throws Exception {
        dir = Files.createTempDirectory("drover-syslog");
        path = dir.resolve("log");
        fd = Native.LIBC.socket(AF_UNIX, SOCK_DGRAM | Native.O_CLOEXEC, 0);
        byte[] bytes = path.toString().getBytes(StandardCharsets.UTF_8);
        Pointer sun = Native.allocate(110);
        sun.putShort(0, (short) AF_UNIX);
        sun.put(2, bytes, 0, bytes.length);
        if (fd < 0 || Native.LIBC.bind(fd, sun, 2 + bytes.length + 1) != 0) {
            throw new IllegalStateException("bind " + path + ": " + Errno.name(Native.errno()));
        }
        Pointer timeout = Native.allocate(16);
        timeout.putLong(0, 0);
        timeout.putLong(8, 100_000); // 100 ms per read, so a deadline is checked often
        Native.LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, timeout, 16);
        System.setProperty(SyslogSocket.PATH_PROPERTY, path.toString());
    }

    /** Datagrams received until {@code count} arrived or {@code within} passed. */
    public List<String> receive(int count, Duration within) {
        List<String> out = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (out.size() < count && System.nanoTime() < deadline) {
            long n = Native.LIBC.read(fd, buffer, 65536);
            if (n >= 0) {
                byte[] data = new byte[(int) n];
                buffer.get(0, data, 0, data.length);
                out.add(new String(data, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        System.clearProperty(SyslogSocket.PATH_PROPERTY);
        Native.LIBC.close(fd);
        Files.deleteIfExists(path);
        Files.deleteIfExists(dir);
    }
}
