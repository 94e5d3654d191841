package io.drover.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code [unix_http_server]}.
 *
 * @param file   the socket path
 * @param chmod  file mode, default 0700
 * @param chown  user[:group] to own the socket, if set
 */
public record UnixServerSpec(Path file, int chmod, Optional<String> chown, Optional<Credentials> credentials) {
}
