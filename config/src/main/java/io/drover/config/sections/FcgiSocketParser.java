package io.drover.config.sections;

import io.drover.config.FcgiSocketSpec;
import io.drover.config.values.BadValue;
import io.drover.config.values.InetAddress;
import io.drover.config.values.PathValues;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code socket=} of an fcgi-program: {@code unix:///abs/path} or {@code tcp://host:port}, as supervisord checks it. */
final class FcgiSocketParser {
    private static final Pattern TCP = Pattern.compile("tcp://([^\\s:]+):(\\d+)");

    private FcgiSocketParser() {
    }

    static FcgiSocketSpec parse(String sock, Optional<String> owner, Optional<Integer> mode,
            Optional<Integer> backlog) throws BadValue {
        if (sock.startsWith("unix://")) {
            String path = sock.substring(7);
            if (!path.startsWith("/")) {
                // supervisord raises ValueError with two arguments here, so its message is the tuple's repr.
                throw new BadValue("('Unix socket path %s is not an absolute path', "
                        + io.drover.config.ini.PyText.repr(path) + ")");
            }
            Path p = PathValues.normalize(path);
            return new FcgiSocketSpec("unix://" + p, "", 0, Optional.of(p), owner, mode.orElse(0700), backlog);
        }
        if (owner.isPresent() || mode.isPresent()) {
            throw new BadValue("socket_owner and socket_mode params should only be used with a Unix domain socket");
        }
        Matcher m = TCP.matcher(sock);
        if (m.matches()) {
            String host = m.group(1).toLowerCase(Locale.ROOT);
            int port = InetAddress.portNumber(m.group(2));
            return new FcgiSocketSpec("tcp://" + host + ":" + port, host, port, Optional.empty(), Optional.empty(),
                    0, backlog);
        }
        throw new BadValue("('Bad socket format %s', " + io.drover.config.ini.PyText.repr(sock) + ")");
    }
}
