/**
 * Internal: supervisord's %(name)s expansion (Python %-formatting against a mapping) with its error texts. Not API: use {@link io.drover.config.ConfigLoader}.
 */
package io.drover.config.expand;
