package io.drover.http.server;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * What one client may cost the daemon: the largest request body, how long a body may take to arrive, and how long
 * a connection may sit idle. Read from {@code drover.http.*} (defaults in http-api's {@code reference.conf}).
 *
 * @param maxBodyBytes a larger request body is answered 413 without being read
 * @param bodyTimeout  a body still incomplete after this is answered 408
 * @param idleTimeout  a connection with no traffic for this long is closed
 */
public record HttpLimits(long maxBodyBytes, Duration bodyTimeout, Duration idleTimeout) {

    public static HttpLimits from(Config config) {
        Config c = config.getConfig("drover.http");
        return new HttpLimits(c.getBytes("max-request-body"), c.getDuration("request-body-timeout"),
                c.getDuration("idle-timeout"));
    }
}
