/**
 * Internal: one parser per supervisord.conf section type, in supervisord's reading order. Not API: use {@link io.drover.config.ConfigLoader}.
 */
package io.drover.config.sections;
