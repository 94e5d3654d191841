package io.drover.config;

import java.util.Optional;

/**
 * One {@code [inet_http_server]} section (or {@code [inet_http_server:x]}: supervisord serves every section whose
 * name starts with the kind).
 *
 * @param host        empty means all interfaces ({@code *:9001} and {@code :9001})
 * @param port        the TCP port
 * @param credentials basic-auth credentials, if configured
 * @param section     the section's name, as supervisord's log lines name the server
 */
public record InetServerSpec(String host, int port, Optional<Credentials> credentials, String section) {
    /** A server from a section named {@code inet_http_server}. */
    public InetServerSpec(String host, int port, Optional<Credentials> credentials) {
        this(host, port, credentials, "inet_http_server");
    }
}
