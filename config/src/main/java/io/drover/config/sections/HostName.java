package io.drover.config.sections;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Python's {@code platform.node()}: the kernel's host name, without a DNS lookup. */
public final class HostName {
    private static volatile String cached;

    private HostName() {
    }

    public static String get() {
        String h = cached;
        if (h == null) {
            h = read();
            cached = h;
        }
        return h;
    }

    private static String read() {
        try {
            String s = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!s.isEmpty()) {
                return s;
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
