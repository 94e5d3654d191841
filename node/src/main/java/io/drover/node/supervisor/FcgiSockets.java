package io.drover.node.supervisor;

import io.drover.config.FcgiSocketSpec;
import io.drover.config.GroupKind;
import io.drover.config.GroupSpec;
import io.drover.node.mainlog.MainLog;
import io.drover.node.os.SocketBinder;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The listening socket of an {@code [fcgi-program:x]}: bound by the daemon when the group is activated and handed to
 * every process of the group as its stdin, so it stays open across the processes' restarts.
 */
final class FcgiSockets {

    private FcgiSockets() {
    }

    /** Binds the group's socket; empty for other groups, or (logged) when the bind fails. */
    static Optional<Integer> bind(GroupSpec g, MainLog log) {
        if (g.kind() != GroupKind.FCGI || g.fcgiSocket().isEmpty()) {
            return Optional.empty();
        }
        FcgiSocketSpec s = g.fcgiSocket().get();
        OptionalInt backlog = s.backlog().map(OptionalInt::of).orElse(OptionalInt.empty());
        try {
            if (s.path().isPresent()) {
                return Optional.of(SocketBinder.bindUnix(s.path().get(), Optional.of(s.mode()), OptionalInt.empty(),
                        OptionalInt.empty(), backlog));
            }
            return Optional.of(SocketBinder.bindTcp(s.host(), s.port(), backlog));
        } catch (IOException | RuntimeException e) {
            log.error("Could not create FastCGI socket " + s.url() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
