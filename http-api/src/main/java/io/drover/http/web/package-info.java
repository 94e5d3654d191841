/**
 * supervisord's web interface, re-implemented: the status page ({@code /}, {@code /index.html}) with its
 * query-string actions, the log tail page ({@code /tail.html}), {@code /ok.html}, and the stylesheet and icon under
 * {@code /stylesheets/} and {@code /images/}. Actions go through the node's command protocol, as XML-RPC does;
 * {@link io.drover.http.web.WebUi} is the entry point the request router calls.
 */
package io.drover.http.web;
