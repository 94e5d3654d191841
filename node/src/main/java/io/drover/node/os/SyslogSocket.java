package io.drover.node.os;

import java.nio.charset.StandardCharsets;
import jnr.ffi.Pointer;

/**
 * The local syslog socket ({@code /dev/log}) as glibc's {@code syslog(3)} uses it: one unbound UNIX datagram socket,
 * one datagram per message. Unlike glibc it never blocks: a full or missing syslog daemon drops the message
 * ({@code MSG_DONTWAIT}), so a stuck syslogd cannot stall an actor. The path is re-read from the system property
 * {@value #PATH_PROPERTY} (default {@code /dev/log}) so tests can point it at their own socket. Thread-safe.
 */
public final class SyslogSocket {

    /** System property naming the socket path (tests). */
    public static final String PATH_PROPERTY = "drover.syslog.socket";
    private static final String DEFAULT_PATH = "/dev/log";
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    private static final int SUN_PATH_MAX = 108;
    private static final int MAX_DATAGRAM = 64 * 1024;
    private static final SyslogSocket SHARED = new SyslogSocket();

    private int fd = -1;
    private String path;
    private Pointer address;
    private int addressLength;
    private Pointer buffer;

    private SyslogSocket() {
    }

    /** The daemon's one syslog socket. */
    public static SyslogSocket shared() {
        return SHARED;
    }

    /** Sends one datagram (truncated to 64 KiB); false when it was dropped (no syslog daemon, queue full). */
    public synchronized boolean send(byte[] message) {
        if (!prepare()) {
            return false;
        }
        int length = Math.min(message.length, MAX_DATAGRAM);
        buffer.put(0, message, 0, length);
        while (true) {
            long n = Native.LIBC.sendto(fd, buffer, length, MSG_DONTWAIT | MSG_NOSIGNAL, address, addressLength);
            if (n >= 0) {
                return true;
            }
            if (Native.errno() != Errno.EINTR) {
                return false;
            }
        }
    }

    private boolean prepare() {
        String wanted = System.getProperty(PATH_PROPERTY, DEFAULT_PATH);
        if (!wanted.equals(path)) {
            byte[] bytes = wanted.getBytes(StandardCharsets.UTF_8);
            if (bytes.length >= SUN_PATH_MAX) {
                return false;
            }
            Pointer sun = Native.allocate(2 + SUN_PATH_MAX);
            sun.putShort(0, (short) AF_UNIX);
            sun.put(2, bytes, 0, bytes.length);
            sun.putByte(2 + bytes.length, (byte) 0);
            address = sun;
            addressLength = 2 + bytes.length + 1;
            path = wanted;
        }
        if (fd < 0) {
            fd = Native.LIBC.socket(AF_UNIX, SOCK_DGRAM | Native.O_CLOEXEC, 0);
            if (fd < 0) {
                return false;
            }
            buffer = Native.allocate(MAX_DATAGRAM);
        }
        return true;
    }
}
