/**
 * Internal: Drover's own settings, [drover] merged over Typesafe Config (reference.conf, drover.conf, -D). Not API: use {@link io.drover.config.ConfigLoader}.
 */
package io.drover.config.hocon;
