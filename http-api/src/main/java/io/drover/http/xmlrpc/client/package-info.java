/**
 * The client side of supervisord's XML-RPC, for droverctl: a request writer and a response parser built on the
 * server's codec ({@code XmlRpcResponseWriter}'s value marshalling, {@code XmlRpcRequestParser}'s hardened decoder),
 * and a small HTTP/1.1 transport over TCP or a UNIX-domain socket with basic auth.
 */
package io.drover.http.xmlrpc.client;
