package io.drover.node.logs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * supervisord's {@code clear_autochildlogdir}, run at daemon start unless {@code nocleanup=true}: removes every entry
 * of childlogdir whose name <em>starts with</em> a match of {@code .+?---<identifier>-\S+\.log\.?\d{0,4}}
 * (Python's {@code re.match}: anchored at the start only, so {@code x---supervisor-abc.log.gz} goes too, and the
 * identifier is used as a pattern, unescaped, as supervisord does). Failures are warnings, never fatal.
 */
public final class AutoLogCleaner {
    /** Python 3's {@code \S} and {@code \d} are Unicode-aware. */
    private static final int UNICODE = Pattern.UNICODE_CHARACTER_CLASS;

    private AutoLogCleaner() {
    }

    /** The pattern supervisord matches file names against. */
    public static Pattern pattern(String identifier) {
        try {
            return Pattern.compile(".+?---" + identifier + "-\\S+\\.log\\.{0,1}\\d{0,4}", UNICODE);
        } catch (PatternSyntaxException e) {
            return Pattern.compile(".+?---" + Pattern.quote(identifier) + "-\\S+\\.log\\.{0,1}\\d{0,4}",
                    UNICODE);
        }
    }

    /** Whether supervisord would remove a file of this name. */
    public static boolean matches(String fileName, String identifier) {
        return pattern(identifier).matcher(fileName).lookingAt();
    }

    /**
     * Removes the stale AUTO logs; returns what was removed. {@code warn} gets supervisord's warnings
     * ({@code Could not clear childlog dir}, {@code Failed to clean up '<path>'}).
     */
    public static List<Path> clean(Path childlogdir, String identifier, Consumer<String> warn) {
        Pattern p = pattern(identifier);
        List<Path> removed = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(childlogdir)) {
            for (Path entry : dir) {
                if (p.matcher(entry.getFileName().toString()).lookingAt()) {
                    try {
                        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                            throw new IOException("is a directory"); // os.remove refuses directories
                        }
                        Files.delete(entry);
                        removed.add(entry);
                    } catch (IOException e) {
                        warn.accept("Failed to clean up '" + entry + "'");
                    }
                }
            }
        } catch (IOException e) {
            warn.accept("Could not clear childlog dir");
        }
        return removed;
    }
}
