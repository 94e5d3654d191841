package io.drover.config.values;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;

/**
 * Users and groups named in a config ({@code user=}, {@code chown=}, {@code socket_owner=}), checked as supervisord
 * checks them: a name must resolve, a number must be an existing id. Names go through the JDK's lookup service
 * (getpwnam/getgrnam, so NSS users count); numeric ids are checked against /etc/passwd and /etc/group.
 */
public final class SystemNames {
    private SystemNames() {
    }

    private static UserPrincipalLookupService lookup() {
        return FileSystems.getDefault().getUserPrincipalLookupService();
    }

    /** {@code name_to_uid}: returns the name as written when it is valid. */
    public static String user(String name) throws BadValue {
        if (isNumber(name)) {
            if (!idListed(Path.of("/etc/passwd"), name.trim())) {
                throw new BadValue("Invalid user id " + name);
            }
            return name;
        }
        try {
            lookup().lookupPrincipalByName(name);
            return name;
        } catch (UserPrincipalNotFoundException e) {
            throw new BadValue("Invalid user name " + name);
        } catch (IOException | UnsupportedOperationException e) {
            throw new BadValue("Invalid user name " + name);
        }
    }

    /** {@code name_to_gid}. */
    public static String group(String name) throws BadValue {
        if (isNumber(name)) {
            if (!idListed(Path.of("/etc/group"), name.trim())) {
                throw new BadValue("Invalid group id " + name);
            }
            return name;
        }
        try {
            lookup().lookupPrincipalByGroupName(name);
            return name;
        } catch (IOException | UnsupportedOperationException e) {
            throw new BadValue("Invalid group name " + name);
        }
    }

    /** {@code colon_separated_user_group}: {@code user} or {@code user:group}. */
    public static String userGroup(String arg) throws BadValue {
        int colon = arg.indexOf(':');
        try {
            if (colon < 0) {
                user(arg);
            } else {
                user(arg.substring(0, colon));
                group(arg.substring(colon + 1));
            }
            return arg;
        } catch (BadValue e) {
            throw new BadValue("Invalid user:group definition " + arg);
        }
    }

    private static boolean isNumber(String s) {
        try {
            Scalars.pyInt(s);
            return true;
        } catch (BadValue e) {
            return false;
        }
    }

    private static boolean idListed(Path db, String id) {
        try {
            String wanted = Long.toString(Scalars.pyInt(id));
            List<String> lines = Files.readAllLines(db);
            for (String line : lines) {
                String[] f = line.split(":", -1);
                if (f.length > 2 && f[2].equals(wanted)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | BadValue e) {
            return true; // cannot tell: let the OS layer refuse it at spawn time
        }
    }
}
