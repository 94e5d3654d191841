package io.drover.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.drover.config.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.junit.jupiter.api.Test;

class BasicAuthTest {
    private static HttpRequest with(String header) {
        return HttpRequest.create("/RPC2").addHeader(RawHeader.create("Authorization", header));
    }

    private static String basic(String userPass) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void clearAndShaPasswords() {
        BasicAuth clear = new BasicAuth(Optional.of(new Credentials("user", "s3cret")));
        assertEquals(BasicAuth.Outcome.ALLOWED, clear.check(with(basic("user:s3cret"))));
        assertEquals(BasicAuth.Outcome.UNAUTHORIZED, clear.check(with(basic("user:wrong"))));
        assertEquals(BasicAuth.Outcome.UNAUTHORIZED, clear.check(with(basic("other:s3cret"))));
        assertEquals(BasicAuth.Outcome.UNAUTHORIZED, clear.check(HttpRequest.create("/RPC2")));
        assertEquals(BasicAuth.Outcome.UNAUTHORIZED, clear.check(with("Digest abc")));
        // supervisord cannot split these into user and password: it answers 500
        assertEquals(BasicAuth.Outcome.UNSPLITTABLE, clear.check(with(basic("nocolon"))));
        assertEquals(BasicAuth.Outcome.MALFORMED, clear.check(with("Basic abc")));
        assertEquals(BasicAuth.Outcome.UNSPLITTABLE, clear.check(with("Basic !!!")));
        // not UTF-8 once decoded: supervisord's as_string fails inside its try, 400
        assertEquals(BasicAuth.Outcome.MALFORMED, clear.check(with("Basic /zp4")));
        assertEquals(BasicAuth.Outcome.ALLOWED, clear.check(with(basic("user:s3cret").replace("Basic", "basic"))));

        // {SHA} + sha1("thepassword"), as supervisord's docs generate it
        BasicAuth sha = new BasicAuth(Optional.of(new Credentials("user",
                "{SHA}82ab876d1387bfafe46cc1c8a2ef074eae50cb1d")));
        assertEquals(BasicAuth.Outcome.ALLOWED, sha.check(with(basic("user:thepassword"))));
        assertEquals(BasicAuth.Outcome.UNAUTHORIZED, sha.check(with(basic("user:{SHA}82ab876d1387bfafe46cc1c8a2ef074eae50cb1d"))));
        assertEquals(BasicAuth.Outcome.ALLOWED, new BasicAuth(Optional.empty()).check(HttpRequest.create("/")));
    }

    @Test
    void aRememberedHeaderLetsOnlyItselfThrough() {
        BasicAuth auth = new BasicAuth(Optional.of(new Credentials("user", "s3cret")));
        for (int i = 0; i < 3; i++) {
            assertEquals(BasicAuth.Outcome.ALLOWED, auth.check(with(basic("user:s3cret"))));
            assertEquals(BasicAuth.Outcome.UNAUTHORIZED, auth.check(with(basic("user:s3cre"))));
            assertEquals(BasicAuth.Outcome.MALFORMED, auth.check(with(basic("user:s3cret") + "x")));
            assertEquals(BasicAuth.Outcome.MALFORMED, auth.check(with("Basic abc")));
            assertEquals(BasicAuth.Outcome.UNAUTHORIZED, auth.check(HttpRequest.create("/RPC2")));
        }
    }
}
