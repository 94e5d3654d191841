package io.drover.node.logs;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The Drover extension {@code stdout_log_timestamps}: puts {@code 2026-11-22T05:06:25.123+01:00 } (ISO-8601, local
 * time with offset, milliseconds, one space) before every line. Line boundaries are tracked across chunks, so a line
 * that arrives in pieces gets one timestamp, taken when its first byte arrived.
 */
final class LineTimestamper {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx");
    /** {@code yyyy-MM-ddTHH:mm:ss.SSS+hh:mm } */
    static final int STAMP_LENGTH = 30;

    private final Clock clock;
    private final ZoneId zone;
    private final byte[] stamp = new byte[STAMP_LENGTH];
    private long stampSecond = Long.MIN_VALUE;
    private int stampMillis = -1;
    private boolean atLineStart = true;
    private byte[] scratch = new byte[0];

    LineTimestamper(Clock clock) {
        this.clock = clock;
        this.zone = clock.getZone();
    }

    /** Whether the last byte seen ended a line (so the next byte starts a new, stamped line). */
    boolean atLineStart() {
        return atLineStart;
    }

    /**
     * The chunk with a timestamp before each line start; result is {@code scratch[0..return)} of {@link #buffer()}.
     */
    int stamp(byte[] data, int off, int len) {
        int lines = 0;
        for (int i = off; i < off + len; i++) {
            if (data[i] == '\n') {
                lines++;
            }
        }
        int max = len + (lines + 1) * STAMP_LENGTH;
        if (scratch.length < max) {
            scratch = new byte[Math.max(max, 8192)];
        }
        refresh();
        int o = 0;
        int i = off;
        int end = off + len;
        while (i < end) {
            if (atLineStart) {
                System.arraycopy(stamp, 0, scratch, o, STAMP_LENGTH);
                o += STAMP_LENGTH;
                atLineStart = false;
            }
            int nl = i;
            while (nl < end && data[nl] != '\n') {
                nl++;
            }
            if (nl < end) {
                nl++; // include the newline
                atLineStart = true;
            }
            System.arraycopy(data, i, scratch, o, nl - i);
            o += nl - i;
            i = nl;
        }
        return o;
    }

    byte[] buffer() {
        return scratch;
    }

    /** Forgets a partial line (the writer went away): the next byte starts a new line. */
    void reset() {
        atLineStart = true;
    }

    private void refresh() {
        Instant now = clock.instant();
        long second = now.getEpochSecond();
        int millis = now.getNano() / 1_000_000;
        if (second != stampSecond) {
            ZonedDateTime t = ZonedDateTime.ofInstant(now, zone);
            String s = SECONDS.format(t) + ".000" + OFFSET.format(t) + " ";
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            if (b.length != STAMP_LENGTH) { // a year past 9999: unreachable in practice
                throw new IllegalStateException("unexpected timestamp " + s);
            }
            System.arraycopy(b, 0, stamp, 0, STAMP_LENGTH);
            stampSecond = second;
            stampMillis = -1;
        }
        if (millis != stampMillis) {
            stamp[20] = (byte) ('0' + millis / 100);
            stamp[21] = (byte) ('0' + millis / 10 % 10);
            stamp[22] = (byte) ('0' + millis % 10);
            stampMillis = millis;
        }
    }
}
