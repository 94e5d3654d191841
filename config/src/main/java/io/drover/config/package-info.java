/**
 * Drover's configuration API: reads an unmodified supervisord.conf (plus Drover's own {@code [drover]} section and
 * HOCON settings) into an immutable model. No Pekko here. Every error is a {@link ConfigError} naming file, line,
 * section and key.
 */
package io.drover.config;
