package io.drover.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One {@code [unix_http_server]} section (or {@code [unix_http_server:x]}: supervisord serves every section whose
 * name starts with the kind).
 *
 * @param file    the socket path
 * @param chmod   file mode, default 0700
 * @param chown   user[:group] to own the socket, if set
 * @param section the section's name, as supervisord's log lines name the server
 */
public record UnixServerSpec(Path file, int chmod, Optional<String> chown, Optional<Credentials> credentials,
                             String section) {
    /** A server from a section named {@code unix_http_server}. */
    public UnixServerSpec(Path file, int chmod, Optional<String> chown, Optional<Credentials> credentials) {
        this(file, chmod, chown, credentials, "unix_http_server");
    }
}
