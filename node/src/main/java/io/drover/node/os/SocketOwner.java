package io.drover.node.os;

import java.io.IOException;
import java.util.Optional;
import jnr.posix.Group;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/** {@code socket_owner=user[:group]} as ids for chown; without a group the socket's group is left as is (-1). */
public record SocketOwner(int uid, int gid) {

    private static final POSIX POSIX_API = POSIXFactory.getNativePOSIX();

    /** Resolves {@code user[:group]} (names or numbers). */
    public static SocketOwner of(String owner) throws IOException {
        String[] parts = owner.split(":", 2);
        Optional<UserIds> user = UserIds.lookup(parts[0]);
        if (user.isEmpty()) {
            throw new IOException("Invalid user name " + parts[0]);
        }
        if (parts.length == 1) {
            return new SocketOwner(user.get().uid(), -1);
        }
        Group g;
        try {
            g = POSIX_API.getgrgid(Integer.parseInt(parts[1]));
        } catch (NumberFormatException e) {
            g = POSIX_API.getgrnam(parts[1]);
        }
        if (g == null) {
            throw new IOException("Invalid group name " + parts[1]);
        }
        return new SocketOwner(user.get().uid(), (int) g.getGID());
    }
}
