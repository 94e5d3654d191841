package io.drover.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes a config below a minimal [supervisord] header into a temp dir and loads it. */
final class ConfigFixture {
    /** Lines before the body: the body's first line is line {@value #HEADER_LINES} + 1. */
    static final int HEADER_LINES = 3;

    private ConfigFixture() {
    }

    static String header(Path dir) {
        return "[supervisord]\nlogfile=" + dir.resolve("sd.log") + "\npidfile=" + dir.resolve("sd.pid") + "\n";
    }

    static Path write(Path dir, String body) {
        try {
            Path f = dir.resolve("supervisord.conf");
            Files.writeString(f, header(dir) + body);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SupervisorConfig load(Path dir, String body) {
        return ConfigLoader.load(write(dir, body));
    }

    static SupervisorConfig load(Path dir, String body, Map<String, String> env) {
        return ConfigLoader.load(write(dir, body), env);
    }
}
