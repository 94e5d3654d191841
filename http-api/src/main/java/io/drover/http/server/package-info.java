/**
 * The HTTP servers of {@code [inet_http_server]} and {@code [unix_http_server]} (Pekko HTTP, the latter over a JDK UNIX-domain socket), request routing, limits and error pages; {@link io.drover.http.server.HttpServers} is the daemon's entry point.
 */
package io.drover.http.server;
