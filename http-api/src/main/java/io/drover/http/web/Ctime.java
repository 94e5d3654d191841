package io.drover.http.web;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The local time as Python's {@code time.ctime()} prints it ({@code Sun Nov  2 08:21:03 2026}), for messages. */
final class Ctime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.US);

    private Ctime() {
    }

    static String now() {
        return FORMAT.format(ZonedDateTime.now());
    }
}
