package io.drover.http.auth;

import io.drover.config.Credentials;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.Connection;
import org.apache.pekko.http.javadsl.model.headers.HttpChallenge;
import org.apache.pekko.http.javadsl.model.headers.WWWAuthenticate;
import io.drover.http.server.ErrorPages;

/**
 * HTTP basic authentication as supervisord checks it: one user; the configured password is in clear or
 * {@code {SHA}} followed by the sha1 hex digest of the password. Comparisons take constant time.
 */
public final class BasicAuth {

    /** What a request's credentials amount to. */
    public enum Outcome {
        /** Right user and password (or no credentials configured). */
        ALLOWED,
        /** Missing or wrong credentials: 401 with a Basic challenge. */
        UNAUTHORIZED,
        /** An Authorization header that is not decodable: 400, as supervisord. */
        MALFORMED,
        /** Decodable credentials without a colon: supervisord fails to split them and answers 500. */
        UNSPLITTABLE
    }

    private final Optional<Credentials> credentials;
    /**
     * The last Authorization header that passed: a client sends the same one on every call, and checking it anew
     * (base64, SHA-1) costs more than the rest of a small call's parsing.
     */
    private volatile byte[] lastAllowed = new byte[0];

    public BasicAuth(Optional<Credentials> credentials) {
        this.credentials = credentials;
    }

    public boolean required() {
        return credentials.isPresent();
    }

    public Outcome check(HttpRequest request) {
        if (credentials.isEmpty()) {
            return Outcome.ALLOWED;
        }
        return check(request.getHeader("Authorization").map(HttpHeader::value).orElse(null));
    }

    /** As {@link #check(HttpRequest)} for the value of the request's Authorization header (null: none). */
    public Outcome check(String authorization) {
        if (credentials.isEmpty()) {
            return Outcome.ALLOWED;
        }
        if (authorization == null) {
            return Outcome.UNAUTHORIZED;
        }
        String raw = authorization;
        byte[] rawBytes = raw.getBytes(StandardCharsets.UTF_8);
        if (MessageDigest.isEqual(rawBytes, lastAllowed)) {
            return Outcome.ALLOWED;
        }
        Outcome outcome = verify(raw.strip());
        if (outcome == Outcome.ALLOWED) {
            lastAllowed = rawBytes;
        }
        return outcome;
    }

    private Outcome verify(String value) {
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
            return Outcome.UNAUTHORIZED;
        }
        String decoded;
        // like Python's base64 decoding: characters outside the alphabet are skipped, bad padding is an error
        String token = value.substring(space + 1).replaceAll("[^A-Za-z0-9+/=]", "");
        if (token.length() % 4 != 0) {
            return Outcome.MALFORMED;
        }
        try {
            decoded = StandardCharsets.UTF_8.newDecoder()
                    .decode(ByteBuffer.wrap(Base64.getDecoder().decode(token))).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Outcome.MALFORMED;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Outcome.UNSPLITTABLE;
        }
        return matches(decoded.substring(0, colon), decoded.substring(colon + 1))
                ? Outcome.ALLOWED : Outcome.UNAUTHORIZED;
    }

    private boolean matches(String username, String password) {
        Credentials c = credentials.orElseThrow();
        boolean userOk = constantTimeEquals(c.username(), username);
        String stored = c.password();
        boolean passOk = stored.startsWith("{SHA}")
                ? constantTimeEquals(stored.substring(5), sha1Hex(password))
                : constantTimeEquals(stored, password);
        return userOk & passOk;
    }

    static String sha1Hex(String password) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-1", e);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /** supervisord's 401: a Basic challenge for realm "default", and the connection closed. */
    public static HttpResponse unauthorized() {
        return ErrorPages.error(StatusCodes.UNAUTHORIZED)
                .addHeader(Connection.create("close"))
                .addHeader(WWWAuthenticate.create(HttpChallenge.create("Basic", "default")));
    }
}
