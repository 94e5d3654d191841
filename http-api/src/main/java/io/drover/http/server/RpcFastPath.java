package io.drover.http.server;

import io.drover.http.auth.BasicAuth;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Locale;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;

/**
 * The inet server's short way for the calls that make up nearly all of its traffic: {@code POST /RPC2 HTTP/1.1}
 * with a Content-Length, a {@code text/xml} body and accepted credentials, answered without Pekko HTTP's parser,
 * stream stages and renderer (those were most of the daemon's CPU per call). {@link #head} recognises such a
 * request in a connection's buffered bytes; anything it does not recognise with certainty — another method or
 * path, HTTP/1.0, {@code Connection}, {@code Expect} or {@code Transfer-Encoding} headers, a body over the limit,
 * refused credentials, odd bytes — is left to Pekko HTTP, which then serves the connection for the rest of its
 * life (see {@link RpcFastLane}). The answers are rendered as Pekko renders them: status line, {@code Server},
 * {@code Date}, {@code Connection: close} when closing, {@code Content-Type}, {@code Content-Length}.
 */
final class RpcFastPath {
    private static final byte[] REQUEST_LINE = "POST /RPC2 HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    /** Pekko's limits (max-header-count, max-header-name-length); a head beyond them is Pekko's to refuse. */
    private static final int MAX_HEADERS = 64;
    private static final int MAX_NAME = 64;
    private static final int MAX_HEAD_BYTES = 8 * 1024;
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private static final boolean[] TOKEN = tokenTable();

    /** Not enough bytes yet to tell. */
    static final Head NEED_MORE = new Head(-1, -1, null);
    /** Pekko HTTP's to serve. */
    static final Head HAND_OVER = new Head(-1, -1, null);

    /**
     * A recognised request head.
     *
     * @param bodyStart     where the body starts in the buffer
     * @param contentLength the body's length
     * @param authorization the Authorization header's value, null if none
     */
    record Head(int bodyStart, int contentLength, String authorization) {
    }

    final XmlRpcEndpoint rpc;
    final BasicAuth auth;
    final HttpLimits limits;
    private final String serverLine;
    private long dateSecond = Long.MIN_VALUE;
    private String dateLine;
    private long xmlHeadSecond = Long.MIN_VALUE;
    private byte[] xmlHeadStart;

    RpcFastPath(XmlRpcEndpoint rpc, BasicAuth auth, HttpLimits limits, String serverHeader) {
        this.rpc = rpc;
        this.auth = auth;
        this.limits = limits;
        this.serverLine = serverHeader == null ? "" : "Server: " + serverHeader + "\r\n";
    }

    /** Recognises a request at {@code buf[0, len)}: {@link #NEED_MORE}, {@link #HAND_OVER} or its head. */
    Head head(byte[] buf, int len) {
        int n = Math.min(len, REQUEST_LINE.length);
        for (int i = 0; i < n; i++) {
            if (buf[i] != REQUEST_LINE[i]) {
                return HAND_OVER;
            }
        }
        int end = Math.min(len, MAX_HEAD_BYTES);
        int pos = REQUEST_LINE.length;
        int headers = 0;
        int hosts = 0;
        long contentLength = -1;
        String authorization = null;
        while (true) {
            int eol = lineEnd(buf, pos, end);
            if (eol < -1) {
                return HAND_OVER;
            }
            if (eol < 0) {
                return len >= MAX_HEAD_BYTES ? HAND_OVER : NEED_MORE;
            }
            if (eol == pos) { // the empty line: end of the head
                if (contentLength < 0 || hosts > 1) {
                    return HAND_OVER;
                }
                return new Head(pos + 2, (int) contentLength, authorization);
            }
            if (++headers > MAX_HEADERS) {
                return HAND_OVER;
            }
            int colon = -1;
            for (int i = pos; i < eol; i++) {
                byte b = buf[i];
                if (b < 0x20 || b > 0x7E) {
                    return HAND_OVER; // control characters, tabs, obs-fold, non-ASCII: Pekko's rules
                }
                if (colon < 0 && b == ':') {
                    colon = i;
                }
            }
            if (colon <= pos || colon - pos > MAX_NAME) {
                return HAND_OVER;
            }
            for (int i = pos; i < colon; i++) {
                if (!tokenChar(buf[i])) {
                    return HAND_OVER;
                }
            }
            int vs = colon + 1;
            int ve = eol;
            while (vs < ve && buf[vs] == ' ') {
                vs++;
            }
            while (ve > vs && buf[ve - 1] == ' ') {
                ve--;
            }
            if (named(buf, pos, colon, "content-length")) {
                if (contentLength >= 0 || ve == vs || ve - vs > 15) {
                    return HAND_OVER;
                }
                long v = 0;
                for (int i = vs; i < ve; i++) {
                    if (buf[i] < '0' || buf[i] > '9') {
                        return HAND_OVER;
                    }
                    v = v * 10 + (buf[i] - '0');
                }
                if (v > limits.maxBodyBytes() || v > Integer.MAX_VALUE - MAX_HEAD_BYTES) {
                    return HAND_OVER; // Pekko answers 413
                }
                contentLength = v;
            } else if (named(buf, pos, colon, "authorization")) {
                if (authorization != null) {
                    return HAND_OVER;
                }
                authorization = new String(buf, vs, ve - vs, StandardCharsets.US_ASCII);
            } else if (named(buf, pos, colon, "host")) {
                hosts++;
                for (int i = vs; i < ve; i++) {
                    byte b = buf[i];
                    boolean plain = b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9'
                            || b == '.' || b == '-' || b == ':' || b == '[' || b == ']' || b == '_';
                    if (!plain) {
                        return HAND_OVER; // Pekko judges any other Host value
                    }
                }
            } else if (named(buf, pos, colon, "content-type")) {
                if (!equalsIgnoreCase(buf, vs, ve, "text/xml")) {
                    return HAND_OVER;
                }
            } else if (named(buf, pos, colon, "connection") || named(buf, pos, colon, "transfer-encoding")
                    || named(buf, pos, colon, "expect") || named(buf, pos, colon, "upgrade")
                    || named(buf, pos, colon, "content-encoding")) {
                return HAND_OVER;
            }
            pos = eol + 2;
        }
    }

    /** Whether credentials let the request through on this path (anything else is Pekko's to answer). */
    boolean allowed(Head head) {
        return auth.check(head.authorization()) == BasicAuth.Outcome.ALLOWED;
    }

    /** The head of an XML answer (HTTP 200) of {@code length} bytes; all but the length is made once a second. */
    byte[] xmlHead(int length) {
        long now = System.currentTimeMillis() / 1000;
        if (now != xmlHeadSecond) {
            xmlHeadSecond = now;
            xmlHeadStart = ("HTTP/1.1 200 OK\r\n" + serverLine + dateLine() + "Content-Type: text/xml\r\n"
                    + "Content-Length: ").getBytes(StandardCharsets.US_ASCII);
        }
        String digits = Integer.toString(length);
        byte[] head = Arrays.copyOf(xmlHeadStart, xmlHeadStart.length + digits.length() + 4);
        int at = xmlHeadStart.length;
        for (int i = 0; i < digits.length(); i++) {
            head[at++] = (byte) digits.charAt(i);
        }
        head[at++] = '\r';
        head[at++] = '\n';
        head[at++] = '\r';
        head[at] = '\n';
        return head;
    }

    /** The response head for a body of {@code length} bytes. */
    byte[] responseHead(int status, String reason, String contentType, int length, boolean close) {
        StringBuilder sb = new StringBuilder(160).append("HTTP/1.1 ").append(status).append(' ').append(reason)
                .append("\r\n").append(serverLine).append(dateLine());
        if (close) {
            sb.append("Connection: close\r\n");
        }
        sb.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(length)
                .append("\r\n\r\n");
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** An error page (a strict entity) as head and body. */
    byte[][] render(HttpResponse response, boolean close) {
        HttpEntity entity = response.entity();
        byte[] body = ((HttpEntity.Strict) entity).getData().toArray();
        byte[] head = responseHead(response.status().intValue(), response.status().reason(),
                entity.getContentType().mediaType().toString(), body.length, close);
        return new byte[][] {head, body};
    }

    /** The Date header, formatted once a second (the event loop's thread only). */
    private String dateLine() {
        long now = System.currentTimeMillis() / 1000;
        if (now != dateSecond) {
            dateSecond = now;
            dateLine = "Date: " + HTTP_DATE.format(Instant.ofEpochSecond(now)) + "\r\n";
        }
        return dateLine;
    }

    private static int lineEnd(byte[] buf, int from, int end) {
        for (int i = from; i + 1 < end; i++) {
            if (buf[i] == '\r') {
                return buf[i + 1] == '\n' ? i : -2 - i; // a bare CR: let Pekko judge
            }
            if (buf[i] == '\n') {
                return -2 - i;
            }
        }
        return -1;
    }

    private static boolean named(byte[] buf, int from, int to, String lowerName) {
        return equalsIgnoreCase(buf, from, to, lowerName);
    }

    private static boolean equalsIgnoreCase(byte[] buf, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int b = buf[from + i];
            if (b >= 'A' && b <= 'Z') {
                b += 'a' - 'A';
            }
            if (b != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean tokenChar(byte b) {
        return b >= 0 && TOKEN[b];
    }

    /** RFC 7230's tchar: visible ASCII but separators (a table: this runs for every byte of every header name). */
    private static boolean[] tokenTable() {
        boolean[] t = new boolean[128];
        for (int c = 0x21; c < 0x7F; c++) {
            t[c] = "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
        }
        return t;
    }
}
