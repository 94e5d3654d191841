package io.drover.http.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Sends raw bytes over TCP and reads the whole answer (the server closes or the timeout ends it). */
final class RawHttp {
    private RawHttp() {
    }

    static String exchange(InetSocketAddress addr, String request, int timeoutMillis) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(addr, 2000);
            s.setSoTimeout(timeoutMillis);
            s.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            return readResponse(s.getInputStream());
        }
    }

    /** Reads one response: headers, then Content-Length bytes (or until close). */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int contentLength = -1;
        int headerEnd = -1;
        byte[] chunk = new byte[8192];
        while (true) {
            if (headerEnd >= 0 && contentLength >= 0 && buf.size() >= headerEnd + contentLength) {
                break;
            }
            int n;
            try {
                n = in.read(chunk);
            } catch (java.net.SocketTimeoutException e) {
                break;
            }
            if (n < 0) {
                break;
            }
            buf.write(chunk, 0, n);
            if (headerEnd < 0) {
                String sofar = buf.toString(StandardCharsets.ISO_8859_1);
                int idx = sofar.indexOf("\r\n\r\n");
                if (idx >= 0) {
                    headerEnd = idx + 4;
                    for (String line : sofar.substring(0, idx).split("\r\n")) {
                        if (line.toLowerCase().startsWith("content-length:")) {
                            contentLength = Integer.parseInt(line.substring(15).trim());
                        }
                    }
                }
            }
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    static String post(String path, String body, String extraHeaders) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n" + extraHeaders
                + "Content-Length: " + b.length + "\r\n\r\n" + body;
    }
}
