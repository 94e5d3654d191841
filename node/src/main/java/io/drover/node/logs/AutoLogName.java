package io.drover.node.logs;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * {@code stdout_logfile=AUTO}: like supervisord's {@code get_autochildlog_name}, creates (mode 0600, exclusively,
 * as {@code tempfile.mkstemp} does) a file named {@code <name>-<channel>---<identifier>-<8 random>.log} in
 * childlogdir, the random part drawn from {@code a-z 0-9 _}.
 */
public final class AutoLogName {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int ATTEMPTS = 10_000; // mkstemp's TMP_MAX

    private AutoLogName() {
    }

    /** The name's fixed part: {@code <name>-<channel>---<identifier>-}. */
    public static String prefix(String processName, String channel, String identifier) {
        return processName + "-" + channel + "---" + identifier + "-";
    }

    /** Creates a new empty AUTO log file and returns its path. */
    public static Path create(Path childlogdir, String processName, String channel, String identifier)
            throws IOException {
        String prefix = prefix(processName, channel, identifier);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Path candidate = childlogdir.resolve(prefix + randomPart() + ".log");
            try {
                return Files.createFile(candidate,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                // try another name, as mkstemp does
            }
        }
        throw new FileAlreadyExistsException(childlogdir.resolve(prefix + "XXXXXXXX.log").toString(), null,
                "no unused AUTO log name");
    }

    private static String randomPart() {
        char[] c = new char[8];
        for (int i = 0; i < c.length; i++) {
            c[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(c);
    }
}
