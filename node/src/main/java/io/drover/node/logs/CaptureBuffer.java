package io.drover.node.logs;

import java.util.Arrays;

/**
 * What supervisord's {@code BoundIO} keeps while a channel is in capture mode ({@code stdout_capture_maxbytes}):
 * when a write would take it past the bound, as many bytes as are being written are dropped from its head first
 * (supervisord's rule, kept as is: the buffer can exceed the bound by up to one write).
 */
final class CaptureBuffer {
    private final long maxbytes;
    private byte[] buf = new byte[0];

    CaptureBuffer(long maxbytes) {
        this.maxbytes = maxbytes;
    }

    void write(byte[] data) {
        byte[] kept = buf;
        if ((long) kept.length + data.length > maxbytes) {
            kept = data.length >= kept.length ? new byte[0] : Arrays.copyOfRange(kept, data.length, kept.length);
        }
        byte[] next = Arrays.copyOf(kept, kept.length + data.length);
        System.arraycopy(data, 0, next, kept.length, data.length);
        buf = next;
    }

    /** The captured bytes, and the buffer emptied. */
    byte[] take() {
        byte[] out = buf;
        buf = new byte[0];
        return out;
    }

    void clear() {
        buf = new byte[0];
    }
}
