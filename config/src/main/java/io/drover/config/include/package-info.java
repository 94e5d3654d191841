/**
 * Internal: [include] files resolution (globs relative to the main file, %(here)s per included file). Not API: use {@link io.drover.config.ConfigLoader}.
 */
package io.drover.config.include;
