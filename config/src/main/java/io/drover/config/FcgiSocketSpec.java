package io.drover.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The socket of an {@code [fcgi-program:x]}: {@code socket=tcp://host:port} or {@code socket=unix:///path}.
 *
 * @param url          the URL as written (expanded)
 * @param host         TCP host (empty for unix)
 * @param port         TCP port (0 for unix)
 * @param path         unix socket path
 * @param owner        {@code socket_owner} (unix only): user[:group]
 * @param mode         {@code socket_mode} (unix only), default 0700
 * @param backlog      {@code socket_backlog}, default the OS's SOMAXCONN
 */
public record FcgiSocketSpec(
        String url,
        String host,
        int port,
        Optional<Path> path,
        Optional<String> owner,
        int mode,
        Optional<Integer> backlog) {
}
