package io.drover.http.web;

import io.drover.http.server.ErrorPages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.DateTime;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.CacheControl;
import org.apache.pekko.http.javadsl.model.headers.CacheDirectives;
import org.apache.pekko.http.javadsl.model.headers.ETag;
import org.apache.pekko.http.javadsl.model.headers.EntityTag;
import org.apache.pekko.http.javadsl.model.headers.LastModified;

/**
 * The UI's stylesheet, icon and images, at the paths supervisord serves its own ({@code /stylesheets/supervisor.css},
 * {@code /images/icon.png}, {@code /images/state0.gif} … {@code state3.gif}, {@code rule.gif}, {@code supervisor.gif}:
 * small images of Drover's own). Loaded once from the classpath; answered with a validator (ETag, Last-Modified) and a
 * short max-age, and 304 when the browser's copy is current. Only these names are served: no path reaches a file.
 */
final class StaticAssets {
    private static final long MAX_AGE_SECONDS = 3600;

    private record Asset(byte[] bytes, ContentType type, String etag, long lastModifiedMillis) {
    }

    private final Map<String, Asset> assets;

    StaticAssets() {
        assets = Map.of(
                "stylesheets/supervisor.css", load("supervisor.css", ContentTypes.create(MediaTypes.TEXT_CSS,
                        org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8)),
                "images/icon.png", load("icon.png", MediaTypes.IMAGE_PNG.toContentType()),
                // the images supervisord's page and stylesheet name, drawn for Drover (state dots, rule, logo)
                "images/state0.gif", gif("state0.gif"), "images/state1.gif", gif("state1.gif"),
                "images/state2.gif", gif("state2.gif"), "images/state3.gif", gif("state3.gif"),
                "images/rule.gif", gif("rule.gif"), "images/supervisor.gif", gif("supervisor.gif"));
    }

    private static Asset gif(String name) {
        return load(name, MediaTypes.IMAGE_GIF.toContentType());
    }

    /** Whether {@code path} (leading slashes stripped) is one of the assets' directories. */
    static boolean isAssetPath(String path) {
        return path.startsWith("stylesheets/") || path.startsWith("images/");
    }

    HttpResponse serve(HttpRequest request, String path) {
        Asset a = assets.get(path);
        if (a == null) {
            return ErrorPages.notFound();
        }
        HttpResponse response = notModified(request, a)
                ? HttpResponse.create().withStatus(StatusCodes.NOT_MODIFIED)
                : HttpResponse.create().withEntity(HttpEntities.create(a.type(), a.bytes()));
        return response.addHeader(ETag.create(EntityTag.create(a.etag(), false)))
                .addHeader(LastModified.create(DateTime.create(a.lastModifiedMillis())))
                .addHeader(CacheControl.create(CacheDirectives.MAX_AGE(MAX_AGE_SECONDS)));
    }

    /** If-None-Match wins over If-Modified-Since, as RFC 9110 orders them. */
    private static boolean notModified(HttpRequest request, Asset a) {
        Optional<String> inm = request.getHeader("If-None-Match").map(h -> h.value());
        if (inm.isPresent()) {
            for (String tag : inm.get().split(",")) {
                String t = tag.strip();
                if (t.startsWith("W/")) {
                    t = t.substring(2);
                }
                if (t.equals("*") || t.equals("\"" + a.etag() + "\"")) {
                    return true;
                }
            }
            return false;
        }
        return request.getHeader("If-Modified-Since").map(h -> {
            try {
                long since = ZonedDateTime.parse(h.value().strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant().toEpochMilli();
                return a.lastModifiedMillis() <= since;
            } catch (DateTimeParseException e) {
                return false;
            }
        }).orElse(false);
    }

    private static Asset load(String name, ContentType type) {
        URL url = StaticAssets.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("web UI resource " + name + " is missing from the classpath");
        }
        try {
            URLConnection c = url.openConnection();
            c.setUseCaches(false); // a cached jar handle would outlive a replaced jar
            byte[] bytes;
            try (InputStream in = c.getInputStream()) {
                bytes = in.readAllBytes();
            }
            long modified = c.getLastModified();
            if (modified <= 0) {
                modified = Instant.now().toEpochMilli();
            }
            modified -= modified % 1000; // HTTP dates have whole seconds
            return new Asset(bytes, type, sha256(bytes).substring(0, 20), modified);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read web UI resource " + name, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
