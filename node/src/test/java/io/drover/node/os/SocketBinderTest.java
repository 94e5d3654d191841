package io.drover.node.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** fcgi sockets: bound here, accepted on by a real child on its fd 0. */
class SocketBinderTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ACCEPT_ONCE = "python3 -c 'import socket,os; s=socket.socket(fileno=0); "
            + "c,_=s.accept(); c.sendall(b\"hello from %d\" % os.getpid()); c.close()'";
    @RegisterExtension
    static final LiveOs os = new LiveOs();

    @TempDir
    Path tmp;

    private Child acceptor(int fd, Recorder r) throws SpawnException {
        return os.spawn(new SpawnRequest(ACCEPT_ONCE, SpawnerTest.env(), Optional.empty(),
                Optional.empty(), Optional.empty(), false, Optional.of(fd)), r);
    }

    @Test
    void tcpSocketIsTheChildsStdin() throws Exception {
        int fd = SocketBinder.bindTcp("127.0.0.1", 0, OptionalInt.of(5));
        Recorder r = new Recorder();
        Child child = null;
        try {
            int port = SocketBinder.localPort(fd);
            child = acceptor(fd, r);
            try (Socket socket = new Socket("127.0.0.1", port); InputStream in = socket.getInputStream()) {
                assertEquals("hello from " + child.pid(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            assertEquals(0, r.awaitExit(WAIT).code(), r.err());
            IOException inUse = assertThrows(IOException.class,
                    () -> SocketBinder.bindTcp("127.0.0.1", port, OptionalInt.empty()));
            assertEquals("[Errno 98] Address already in use", inUse.getMessage());
        } finally {
            if (child != null) {
                child.signal(9);
            }
            SocketBinder.close(fd);
        }
    }

    @Test
    void unixSocketWithModeReplacesAStaleFile() throws Exception {
        Path path = tmp.resolve("fcgi.sock");
        Files.writeString(path, "stale");
        int fd = SocketBinder.bindUnix(path, Optional.of(0600), OptionalInt.empty(), OptionalInt.empty(),
                OptionalInt.empty());
        Recorder r = new Recorder();
        Child child = null;
        try {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
            child = acceptor(fd, r);
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(path));
                ByteBuffer buffer = ByteBuffer.allocate(100);
                while (channel.read(buffer) >= 0) {
                    // until the child closes
                }
                assertEquals("hello from " + child.pid(),
                        new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
            }
            assertEquals(0, r.awaitExit(WAIT).code(), r.err());
        } finally {
            if (child != null) {
                child.signal(9);
            }
            SocketBinder.close(fd);
        }
    }
}
