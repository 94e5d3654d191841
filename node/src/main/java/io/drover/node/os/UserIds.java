package io.drover.node.os;

import java.util.Optional;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.posix.Passwd;

/** A user looked up by name or numeric uid, as supervisord's {@code drop_privileges} accepts either. */
record UserIds(String name, int uid, int gid) {

    private static final POSIX POSIX_API = POSIXFactory.getNativePOSIX();

    /** The user, or empty when no such user exists. */
    static Optional<UserIds> lookup(String user) {
        Passwd pw;
        try {
            pw = POSIX_API.getpwuid(Integer.parseInt(user));
        } catch (NumberFormatException e) {
            pw = POSIX_API.getpwnam(user);
        }
        if (pw == null) {
            return Optional.empty();
        }
        return Optional.of(new UserIds(pw.getLoginName(), (int) pw.getUID(), (int) pw.getGID()));
    }
}
