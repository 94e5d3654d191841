/**
 * Internal: Python configparser's INI dialect as supervisord 4.2 configures it (comments, continuation lines, merging). Not API: use {@link io.drover.config.ConfigLoader}.
 */
package io.drover.config.ini;
