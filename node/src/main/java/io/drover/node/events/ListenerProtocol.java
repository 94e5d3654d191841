package io.drover.node.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses what one listener writes on stdout, as supervisord's PEventListenerDispatcher does: {@code READY\n} when
 * acknowledged, {@code RESULT <n>\n<n bytes>} when busy; anything else sends it to UNKNOWN for good. Robust to any
 * chunking: a token split across reads is completed by the next read; several tokens in one read are all parsed.
 * Not thread-safe: one instance per listener process, used by the pool actor.
 */
final class ListenerProtocol {

    private static final byte[] READY_TOKEN = "READY\n".getBytes(StandardCharsets.US_ASCII);
    private static final int RESULT_PREFIX_LEN = "RESULT ".length();
    private static final int MAX_RESULT_LINE = 64 * 1024;
    private static final int MAX_RESULT = 1024 * 1024;

    /** What a chunk of output meant. */
    sealed interface Outcome permits Ready, Result, BadResultLine, Violation {
    }

    /** ACKNOWLEDGED → READY. */
    record Ready() implements Outcome {
    }

    /** BUSY → ACKNOWLEDGED with this result body ({@code OK}, {@code FAIL}, ...). */
    record Result(byte[] body) implements Outcome {
        boolean ok() {
            return Arrays.equals(body, "OK".getBytes(StandardCharsets.US_ASCII));
        }

        String text() {
            return Event.decode(body);
        }
    }

    /** BUSY → UNKNOWN: the result line has no length (the held event is rejected). */
    record BadResultLine(String line) implements Outcome {
    }

    /** ACKNOWLEDGED or READY → UNKNOWN: output that is not the token the state expects. */
    record Violation(ListenerState from, String output) implements Outcome {
    }

    private ListenerState state = ListenerState.ACKNOWLEDGED;
    private byte[] buf = new byte[64];
    private int len;
    private int resultLen = -1;
    private byte[] result;
    private int resultFill;

    ListenerState state() {
        return state;
    }

    /** The pool wrote an event to the listener. */
    void busy() {
        if (state != ListenerState.READY) {
            throw new IllegalStateException("listener is " + state + ", not READY");
        }
        state = ListenerState.BUSY;
    }

    /** Parses a chunk and returns what it completed, in order. */
    List<Outcome> feed(byte[] chunk) {
        append(chunk);
        List<Outcome> out = new ArrayList<>(1);
        while (len > 0) {
            int before = len;
            ListenerState stateBefore = state;
            switch (state) {
                case UNKNOWN -> len = 0;
                case ACKNOWLEDGED -> acknowledged(out);
                case READY -> {
                    out.add(new Violation(ListenerState.READY, preview()));
                    state = ListenerState.UNKNOWN;
                    len = 0;
                }
                case BUSY -> busy(out);
                default -> throw new IllegalStateException();
            }
            if (len == before && state == stateBefore) {
                break; // need more bytes
            }
        }
        return out;
    }

    private void acknowledged(List<Outcome> out) {
        if (len < READY_TOKEN.length) {
            return;
        }
        if (Arrays.equals(buf, 0, READY_TOKEN.length, READY_TOKEN, 0, READY_TOKEN.length)) {
            consume(READY_TOKEN.length);
            state = ListenerState.READY;
            out.add(new Ready());
        } else {
            out.add(new Violation(ListenerState.ACKNOWLEDGED, preview()));
            state = ListenerState.UNKNOWN;
            len = 0;
        }
    }

    private void busy(List<Outcome> out) {
        if (resultLen < 0) {
            int nl = indexOf((byte) '\n');
            if (nl < 0) {
                if (len > MAX_RESULT_LINE) { // garbage without end must not grow the daemon without bound
                    out.add(new BadResultLine(preview()));
                    state = ListenerState.UNKNOWN;
                    len = 0;
                }
                return;
            }
            String line = new String(buf, 0, nl, StandardCharsets.UTF_8);
            consume(nl + 1);
            int n = parseLength(line);
            if (n < 0 || n > MAX_RESULT) { // a length no listener means must not make the daemon allocate it
                if (n > MAX_RESULT) {
                    line = line + " (longer than " + MAX_RESULT + " bytes)";
                }
                out.add(new BadResultLine(line));
                state = ListenerState.UNKNOWN;
                len = 0;
                return;
            }
            resultLen = n;
            result = new byte[Math.min(n, 256)];
            resultFill = 0;
        }
        int take = Math.min(resultLen - resultFill, len);
        if (resultFill + take > result.length) {
            result = Arrays.copyOf(result, Math.min(resultLen, Math.max(result.length * 2, resultFill + take)));
        }
        System.arraycopy(buf, 0, result, resultFill, take);
        resultFill += take;
        consume(take);
        if (resultFill == resultLen) {
            out.add(new Result(result));
            state = ListenerState.ACKNOWLEDGED;
            resultLen = -1;
            result = null;
        }
    }

    /** supervisord takes everything after the 7 bytes of {@code RESULT } as Python's int(); -1 when it is not. */
    private static int parseLength(String line) {
        if (line.length() <= RESULT_PREFIX_LEN) {
            return -1;
        }
        String digits = line.substring(RESULT_PREFIX_LEN).strip();
        if (digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String preview() {
        int n = Math.min(len, 80);
        return Event.decode(Arrays.copyOf(buf, n)) + (len > n ? "..." : "");
    }

    private int indexOf(byte b) {
        for (int i = 0; i < len; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void append(byte[] chunk) {
        if (state == ListenerState.UNKNOWN) {
            return;
        }
        if (len + chunk.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + chunk.length));
        }
        System.arraycopy(chunk, 0, buf, len, chunk.length);
        len += chunk.length;
    }

    private void consume(int n) {
        System.arraycopy(buf, n, buf, 0, len - n);
        len -= n;
    }
}
