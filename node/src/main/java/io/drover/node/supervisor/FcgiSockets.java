package io.drover.node.supervisor;

import io.drover.config.GroupKind;
import io.drover.config.GroupSpec;
import io.drover.node.mainlog.MainLog;
import io.drover.node.process.FcgiSocket;
import java.io.IOException;
import java.util.Optional;

/** The {@link FcgiSocket} of an {@code [fcgi-program:x]} group, checked once when the group is activated. */
final class FcgiSockets {

    private FcgiSockets() {
    }

    /** The group's socket (empty for other groups); a socket that cannot be created is logged here. */
    static Optional<FcgiSocket> of(GroupSpec g, MainLog log) {
        if (g.kind() != GroupKind.FCGI || g.fcgiSocket().isEmpty()) {
            return Optional.empty();
        }
        FcgiSocket socket = FcgiSocket.of(g.fcgiSocket().get(), log);
        try {
            socket.check();
        } catch (IOException e) {
            log.error(e.getMessage());
        }
        return Optional.of(socket);
    }
}
