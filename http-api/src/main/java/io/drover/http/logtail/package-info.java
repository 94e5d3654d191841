/**
 * supervisord's streaming log tails: {@code /logtail/<name>[/stderr]} and {@code /mainlogtail}.
 */
package io.drover.http.logtail;
