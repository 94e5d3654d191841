package io.drover.http.xmlrpc.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Plain HTTP/1.1 over a TCP or UNIX-domain socket, one connection per request, as much of HTTP as supervisord's
 * {@code /RPC2} and {@code /logtail} need: a POST with a Content-Length body, a streamed GET, responses framed by
 * Content-Length, chunked encoding or the end of the connection.
 *
 * <p>Hand-written rather than {@code java.net.http.HttpClient}: the JDK client cannot dial a UNIX socket, and this
 * one starts in a few milliseconds, which is most of a control command's run time.
 */
public final class HttpTransport {
    /** The largest response body accepted (a 1,000-program getAllProcessInfo is ~1.3 MB). */
    public static final int MAX_BODY = 64 * 1024 * 1024;
    private static final int MAX_HEADER_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 200;

    private final ServerUrl url;
    private final String authorization;

    /**
     * @param authorization the value of the Authorization header, or null for none
     */
    private HttpTransport(ServerUrl url, String authorization) {
        this.url = url;
        this.authorization = authorization;
    }

    /** Sends basic auth when both a username and a password are given, as supervisorctl's XML-RPC transport does. */
    public static HttpTransport forRpc(ServerUrl url, String username, String password) {
        return new HttpTransport(url, username != null && password != null ? basic(username, password) : null);
    }

    /** Sends basic auth whenever the password is non-empty, as supervisorctl's log-tail client does. */
    public static HttpTransport forTail(ServerUrl url, String username, String password) {
        return new HttpTransport(url, password != null && !password.isEmpty()
                ? basic(username == null ? "None" : username, password) : null);
    }

    private static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    public ServerUrl url() {
        return url;
    }

    /** A complete response. */
    public record Response(int status, String reason, byte[] body) {
    }

    /** A response whose body is read as it arrives; closing it (from any thread) drops the connection. */
    public static final class Streamed implements Closeable {
        private final SocketChannel channel;
        private final int status;
        private final String reason;
        private final InputStream body;

        Streamed(SocketChannel channel, int status, String reason, InputStream body) {
            this.channel = channel;
            this.status = status;
            this.reason = reason;
            this.body = body;
        }

        public int status() {
            return status;
        }

        public String reason() {
            return reason;
        }

        /** The body, de-chunked. */
        public InputStream body() {
            return body;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** POSTs {@code body} as text/xml and reads the whole answer. */
    public Response post(String path, byte[] body) throws IOException {
        try (SocketChannel ch = connect()) {
            OutputStream out = Channels.newOutputStream(ch);
            StringBuilder head = new StringBuilder(256)
                    .append("POST ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(url.hostHeader()).append("\r\n")
                    .append("Accept-Encoding: identity\r\n")
                    .append("User-Agent: droverctl\r\n")
                    .append("Content-Type: text/xml\r\n")
                    .append("Accept: text/xml\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 65536);
            Head h = readHead(in);
            InputStream bodyIn = h.bodyStream(in);
            byte[] data = readAll(bodyIn);
            return new Response(h.status, h.reason, data);
        }
    }

    /** GETs {@code path} and hands back the response with its body still to be read. */
    public Streamed get(String path) throws IOException {
        SocketChannel ch = connect();
        try {
            OutputStream out = Channels.newOutputStream(ch);
            StringBuilder head = new StringBuilder(256)
                    .append("GET ").append(path).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(url.hostHeader()).append("\r\n")
                    .append("Accept: */*\r\n")
                    .append("User-Agent: droverctl\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            head.append("\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = new BufferedInputStream(Channels.newInputStream(ch), 8192);
            Head h = readHead(in);
            return new Streamed(ch, h.status, h.reason, h.bodyStream(in));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private SocketChannel connect() throws ServerUnreachable {
        try {
            return SocketChannel.open(url.address());
        } catch (UnresolvedAddressException e) {
            throw new ServerUnreachable(ServerUnreachable.Reason.UNKNOWN_HOST, "Name or service not known", e);
        } catch (ConnectException e) {
            throw new ServerUnreachable(ServerUnreachable.Reason.REFUSED, "Connection refused", e);
        } catch (SocketException e) {
            boolean noFile = url.isUnix() && !java.nio.file.Files.exists(java.nio.file.Path.of(url.socketPath()));
            throw new ServerUnreachable(noFile ? ServerUnreachable.Reason.NO_SUCH_FILE
                    : ServerUnreachable.Reason.OTHER, String.valueOf(e.getMessage()), e);
        } catch (IOException e) {
            throw new ServerUnreachable(ServerUnreachable.Reason.OTHER, String.valueOf(e.getMessage()), e);
        }
    }

    private static final class Head {
        int status;
        String reason = "";
        long contentLength = -1;
        boolean chunked;

        InputStream bodyStream(InputStream in) {
            if (chunked) {
                return new ChunkedInputStream(in);
            }
            if (contentLength >= 0) {
                return new BoundedInputStream(in, contentLength);
            }
            return in;
        }
    }

    private static Head readHead(InputStream in) throws IOException {
        Head h = new Head();
        String status = readLine(in);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new MalformedResponseException("not an HTTP response: " + status);
        }
        try {
            h.status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new MalformedResponseException("bad HTTP status line: " + status, e);
        }
        h.reason = parts.length > 2 ? parts[2] : "";
        for (int n = 0; ; n++) {
            if (n > MAX_HEADERS) {
                throw new MalformedResponseException("too many response headers");
            }
            String line = readLine(in);
            if (line.isEmpty()) {
                return h;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                try {
                    h.contentLength = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new MalformedResponseException("bad Content-Length: " + value, e);
                }
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                h.chunked = true;
            }
        }
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (sb.length() == 0) {
                    throw new EOFException("connection closed before a complete response");
                }
                return sb.toString();
            }
            if (b == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            if (sb.length() >= MAX_HEADER_LINE) {
                throw new MalformedResponseException("response header line too long");
            }
            sb.append((char) b);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buf = new byte[65536];
        for (int n; (n = in.read(buf)) > 0; ) {
            if (out.size() + n > MAX_BODY) {
                throw new MalformedResponseException("response larger than " + MAX_BODY + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** The first {@code remaining} bytes of a stream. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        BoundedInputStream(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("connection closed " + remaining + " bytes before the end of the body");
            }
            remaining -= n;
            return n;
        }
    }

    /** HTTP/1.1 chunked transfer coding, handed on as each chunk arrives. */
    private static final class ChunkedInputStream extends InputStream {
        private final InputStream in;
        private long chunkLeft;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String size = readLine(in);
                int semi = size.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new MalformedResponseException("bad chunk size: " + size, e);
                }
                if (chunkLeft == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                readLine(in); // the CRLF after the chunk data
            }
            return n;
        }
    }
}
