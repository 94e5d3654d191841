package io.drover.node.logs;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The syslog datagrams supervisord 4.2 sends (Python's {@code syslog.syslog} over glibc, never {@code openlog}'d):
 * facility user, priority info ({@code <14>}) whatever the level, a local {@code MMM d HH:mm:ss} timestamp with the
 * day padded by a space, the ident {@code supervisord} and no pid. A record becomes one datagram per line: trailing
 * newlines are dropped, inner empty lines are kept.
 */
public final class SyslogFormat {
    /** supervisord's ident (its argv[0]); kept so existing syslog filters keep matching. */
    public static final String IDENT = "supervisord";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);

    private SyslogFormat() {
    }

    /** One datagram: {@code <14>Dec  3 00:56:46 supervisord: message}. */
    public static byte[] datagram(LocalDateTime now, String message) {
        return ("<14>" + STAMP.format(now) + " " + IDENT + ": " + message).getBytes(StandardCharsets.UTF_8);
    }

    /** supervisord's {@code message.rstrip('\n').split('\n')}. */
    public static List<String> lines(String text) {
        int end = text.length();
        while (end > 0 && text.charAt(end - 1) == '\n') {
            end--;
        }
        return List.of(text.substring(0, end).split("\n", -1));
    }
}
