package io.drover.config;

import com.typesafe.config.Config;

/**
 * Drover's own settings: the {@code [drover]} section of supervisord.conf merged over HOCON ({@code -D} system
 * properties, then {@code drover.conf}, then {@code reference.conf}). Everything below {@code drover.} in
 * {@link #config()} is readable by later modules (cluster, http) without another parser.
 *
 * @param nodeName the node's name in the fleet (default: the host name)
 * @param config   the merged tree
 */
public record DroverSettings(String nodeName, Config config) {
}
