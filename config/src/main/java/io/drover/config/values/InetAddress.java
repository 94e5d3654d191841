package io.drover.config.values;

import io.drover.config.ini.PyText;
import java.util.Locale;

/** {@code inet_address}: {@code host:port}, {@code *:port}, {@code :port} or a bare port. */
public record InetAddress(String host, int port) {

    public static InetAddress parse(String s) throws BadValue {
        String host = "";
        int port;
        int colon = s.lastIndexOf(':');
        if (colon >= 0) {
            host = s.substring(0, colon);
            String p = s.substring(colon + 1);
            if (p.isEmpty()) {
                throw new BadValue("no port number specified in " + PyText.repr(p));
            }
            port = portNumber(p);
            host = host.toLowerCase(Locale.ROOT);
        } else {
            try {
                port = portNumber(s);
            } catch (BadValue e) {
                throw new BadValue("not a valid port number: " + PyText.repr(s) + " ");
            }
        }
        if (host.isEmpty() || host.equals("*")) {
            host = "";
        }
        return new InetAddress(host, port);
    }

    /** {@code port_number}: an int in 1..65535. */
    public static int portNumber(String s) throws BadValue {
        long v = Scalars.pyInt(s);
        if (v < 1) {
            throw new BadValue(v + " is below lower bound (1)");
        }
        if (v > 0xffff) {
            throw new BadValue(v + " is above upper bound (65535)");
        }
        return (int) v;
    }
}
