package io.drover.node.events;

import java.nio.charset.StandardCharsets;

/**
 * The header and payload a pool writes to a listener's stdin:
 * {@code ver:3.0 server:<id> serial:N pool:<name> poolserial:N eventname:X len:N\n<payload>}.
 *
 * <p>{@code len} counts the payload's characters (Unicode code points), as supervisord's Python 3 {@code len(str)}
 * does, while the bytes on the wire are UTF-8. Measured against supervisord 4.2.5: a log line {@code héllo} gives
 * a len one less than its byte count. Listeners built on {@code supervisor.childutils} read stdin in text mode
 * ({@code sys.stdin.read(len)} counts characters), so a byte count would make them wait for data that never comes.
 */
public final class Envelope {

    private Envelope() {
    }

    /** The full envelope as UTF-8 bytes. */
    public static byte[] render(String serverIdentifier, long serial, String pool, long poolSerial, Event event) {
        return text(serverIdentifier, serial, pool, poolSerial, event).getBytes(StandardCharsets.UTF_8);
    }

    /** The full envelope as text. */
    public static String text(String serverIdentifier, long serial, String pool, long poolSerial, Event event) {
        String payload = event.payload();
        return "ver:3.0 server:" + serverIdentifier
                + " serial:" + serial
                + " pool:" + pool
                + " poolserial:" + poolSerial
                + " eventname:" + event.type().name()
                + " len:" + payload.codePointCount(0, payload.length())
                + '\n' + payload;
    }
}
