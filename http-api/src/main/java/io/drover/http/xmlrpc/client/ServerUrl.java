package io.drover.http.xmlrpc.client;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;

/**
 * Where a supervisord listens, as supervisorctl's {@code serverurl}: {@code http://host[:port]} (port 80 when
 * omitted) or {@code unix:///path/to/socket}.
 *
 * @param text the URL as given; error messages quote it
 */
public record ServerUrl(String text, String host, int port, String socketPath) {

    /** Thrown for a scheme other than http and unix, with supervisorctl's message. */
    public static final class UnknownProtocol extends IllegalArgumentException {
        public UnknownProtocol(String url) {
            super("Unknown protocol for serverurl " + url, null);
        }
    }

    public static ServerUrl parse(String text) {
        if (text.startsWith("unix://")) {
            return new ServerUrl(text, null, 0, text.substring(7));
        }
        if (text.startsWith("http://")) {
            String authority = text.substring(7);
            int slash = authority.indexOf('/');
            if (slash >= 0) {
                authority = authority.substring(0, slash);
            }
            int at = authority.lastIndexOf('@');
            authority = authority.substring(at + 1);
            String host = authority;
            int port = 80;
            int colon = authority.lastIndexOf(':');
            if (colon >= 0 && authority.indexOf(']') < colon) {
                host = authority.substring(0, colon);
                String p = authority.substring(colon + 1);
                if (!p.isEmpty()) {
                    try {
                        port = Integer.parseInt(p);
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("Port could not be cast to integer value as '" + p + "'");
                    }
                }
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new ServerUrl(text, host.toLowerCase(java.util.Locale.ROOT), port, null);
        }
        throw new UnknownProtocol(text);
    }

    /**
     * supervisorctl's check of a {@code -s} value (its {@code url} datatype): a scheme and something after it.
     *
     * @return whether the value passes
     */
    public static boolean looksLikeUrl(String value) {
        java.util.regex.Matcher m = SCHEME.matcher(value);
        if (!m.matches()) {
            return false;
        }
        String rest = m.group(1);
        return rest.startsWith("//") ? rest.length() > 2 : !rest.isEmpty();
    }

    private static final java.util.regex.Pattern SCHEME = java.util.regex.Pattern.compile(
            "[A-Za-z][A-Za-z0-9+.-]*:(.*)", java.util.regex.Pattern.DOTALL);

    public boolean isUnix() {
        return socketPath != null;
    }

    SocketAddress address() {
        return isUnix() ? UnixDomainSocketAddress.of(socketPath) : new InetSocketAddress(host, port);
    }

    /** The Host header Python's http.client sends: {@code localhost} over a socket, else host[:port]. */
    String hostHeader() {
        if (isUnix()) {
            return "localhost";
        }
        String h = host.contains(":") ? "[" + host + "]" : host;
        return port == 80 ? h : h + ":" + port;
    }

    @Override
    public String toString() {
        return text;
    }
}
