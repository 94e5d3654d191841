package io.drover.http.xmlrpc;

import java.util.Arrays;

/**
 * A growable byte buffer that a response body is written into as UTF-8 directly: no StringBuilder, no String, no
 * second encoding copy (a getAllProcessInfo answer of 1000 processes is ~1.1 MB; each copy of it is garbage the
 * daemon's small heap has to collect).
 */
public final class ResponseBuffer {
    private byte[] buf;
    private int len;

    ResponseBuffer(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    /** The bytes written so far live in {@code array()[0, length())}; the array is not copied. */
    public byte[] array() {
        return buf;
    }

    public int length() {
        return len;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Markup, numbers and base64: characters below 0x80 only. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): the low byte of each char, a plain copy
    ResponseBuffer ascii(String s) {
        int n = s.length();
        ensure(n);
        s.getBytes(0, n, buf, len);
        len += n;
        return this;
    }

    ResponseBuffer ascii(char c) {
        ensure(1);
        buf[len++] = (byte) c;
        return this;
    }

    ResponseBuffer number(long v) {
        if (v >= 0 && v < 10) {
            return ascii((char) ('0' + v));
        }
        return ascii(Long.toString(v));
    }

    /**
     * Text with xmlrpclib's escaping ({@code & < >} only), encoded as UTF-8 the way {@code String.getBytes} does
     * (an unpaired surrogate becomes {@code ?}).
     */
    ResponseBuffer escaped(String s) {
        int n = s.length();
        ensure(n + 16);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '&' -> ascii("&amp;");
                    case '<' -> ascii("&lt;");
                    case '>' -> ascii("&gt;");
                    default -> {
                        ensure(1);
                        buf[len++] = (byte) c;
                    }
                }
            } else if (c < 0x800) {
                ensure(2);
                buf[len++] = (byte) (0xC0 | c >> 6);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    ensure(4);
                    buf[len++] = (byte) (0xF0 | cp >> 18);
                    buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    buf[len++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    ascii('?');
                }
            } else {
                ensure(3);
                buf[len++] = (byte) (0xE0 | c >> 12);
                buf[len++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[len++] = (byte) (0x80 | c & 0x3F);
            }
        }
        return this;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
