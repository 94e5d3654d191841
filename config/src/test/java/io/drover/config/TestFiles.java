package io.drover.config;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Locates test resources on disk (they are read as files, with %(here)s pointing at their directory). */
final class TestFiles {
    private TestFiles() {
    }

    static Path resource(String name) {
        try {
            return Path.of(TestFiles.class.getResource("/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource " + name, e);
        }
    }
}
