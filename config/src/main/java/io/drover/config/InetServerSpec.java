package io.drover.config;

import java.util.Optional;

/**
 * {@code [inet_http_server]}.
 *
 * @param host     empty means all interfaces ({@code *:9001} and {@code :9001})
 * @param port     the TCP port
 * @param credentials basic-auth credentials, if configured
 */
public record InetServerSpec(String host, int port, Optional<Credentials> credentials) {
}
