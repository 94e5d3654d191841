package io.drover.node.logs;

/**
 * supervisord's {@code stripEscapes} ({@code strip_ansi=true}): from each {@code ESC [} up to and including the
 * first of {@code H f A B C D R s u J K h l p m}, bytes are dropped. Unlike supervisord, which restarts on every read,
 * the state carries across chunks: an escape split between two reads is still removed (a chunk ending in a lone
 * {@code ESC} holds that byte back until the next chunk or {@link #finish()}).
 */
final class AnsiStripper {
    private static final byte ESC = 0x1b;
    private static final boolean[] TERMINATOR = new boolean[256];

    static {
        for (byte b : "HfABCDRsuJKhlpm".getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
            TERMINATOR[b] = true;
        }
    }

    private boolean inEscape;
    private boolean heldEsc;

    /** Strips {@code data}; returns the same array when nothing was removed or held, else a new one. */
    byte[] strip(byte[] data) {
        int n = data.length;
        if (!inEscape && !heldEsc && indexOf(data, ESC) < 0) {
            return data;
        }
        byte[] out = new byte[n + 1];
        int o = 0;
        int i = 0;
        if (heldEsc) {
            heldEsc = false;
            if (n == 0) {
                heldEsc = true;
                return data;
            }
            if (data[0] == '[') {
                inEscape = true;
                i = 1;
            } else {
                out[o++] = ESC;
            }
        }
        while (i < n) {
            byte b = data[i];
            if (inEscape) {
                if (TERMINATOR[b & 0xff]) {
                    inEscape = false;
                }
                i++;
            } else if (b == ESC) {
                if (i + 1 == n) {
                    heldEsc = true;
                    i++;
                } else if (data[i + 1] == '[') {
                    inEscape = true;
                    i += 2;
                } else {
                    out[o++] = b;
                    i++;
                }
            } else {
                out[o++] = b;
                i++;
            }
        }
        return java.util.Arrays.copyOf(out, o);
    }

    /** At end of stream: a held lone ESC is plain data after all. */
    byte[] finish() {
        inEscape = false;
        if (heldEsc) {
            heldEsc = false;
            return new byte[] {ESC};
        }
        return new byte[0];
    }

    private static int indexOf(byte[] data, byte b) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
