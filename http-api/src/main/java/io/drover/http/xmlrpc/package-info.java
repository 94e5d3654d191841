/**
 * supervisord's XML-RPC interface: a hardened StAX request parser, a response writer that matches Python's xmlrpclib byte for byte, the {@code system} namespace and the {@code supervisor} namespace translated to the node's command protocol.
 */
package io.drover.http.xmlrpc;
