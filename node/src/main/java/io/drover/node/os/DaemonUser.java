package io.drover.node.os;

import io.drover.config.ini.PyText;
import java.util.Optional;

/**
 * {@code [supervisord] user=} / {@code -u}: the daemon becomes that user as supervisord's {@code drop_privileges}
 * does (supplementary groups, then the group, then the user), before it opens its log, binds its servers or starts
 * anything. glibc's set*id calls change every thread of the process, so the JVM's threads all follow.
 */
public final class DaemonUser {

    private DaemonUser() {
    }

    /** Why the daemon could not become the user: supervisord's usage message. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;

        RefusedException(String message) {
            super(message);
        }
    }

    /** Whether the daemon runs as root (its real uid, as supervisord's {@code os.getuid() == 0}). */
    public static boolean isRoot() {
        return Native.LIBC.getuid() == 0;
    }

    /**
     * Becomes {@code user} (a name or a numeric uid). Nothing to do when the daemon already runs as that uid;
     * otherwise only root may switch.
     *
     * @return the uid now in effect (for supervisord's {@code Set uid to user N succeeded})
     * @throws RefusedException with supervisord's wording when the user is unknown or the switch is not allowed
     */
    public static int become(String user) throws RefusedException {
        Optional<UserIds> ids = UserIds.lookup(user);
        if (ids.isEmpty()) {
            throw new RefusedException(user.matches("\\d+") ? "Can't find uid " + user
                    : "Can't find username " + PyText.repr(user));
        }
        int uid = ids.get().uid();
        int current = Native.LIBC.getuid();
        if (current == uid) {
            return uid;
        }
        if (current != 0) {
            throw new RefusedException("Can't drop privilege as nonroot user");
        }
        if (Native.LIBC.initgroups(ids.get().name(), ids.get().gid()) != 0) {
            throw new RefusedException("Could not set groups of effective user");
        }
        if (Native.LIBC.setgid(ids.get().gid()) != 0) {
            throw new RefusedException("Could not set group id of effective user");
        }
        if (Native.LIBC.setuid(uid) != 0) {
            throw new RefusedException("Could not set user id of effective user: "
                    + Native.LIBC.strerror(Native.errno()));
        }
        return uid;
    }
}
