package io.drover.node.events;

import io.drover.config.ConfigError;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code [webhook:x]} section (a Drover extension; stock supervisord ignores unknown sections): POST every event of
 * the subscribed types as JSON to {@code url}.
 *
 * <pre>
 * [webhook:ops]
 * url = https://hooks.example.com/drover
 * events = PROCESS_STATE_FATAL, PROCESS_STATE_EXITED
 * headers = Authorization="Bearer abc", X-Env=prod   ; KEY=value pairs, values may be double-quoted
 * secret = s3cret          ; signs the body: X-Drover-Signature: sha256=&lt;hex HMAC-SHA256&gt;
 * retries = 5              ; extra attempts after a failed POST (5xx, 429, timeout, connection error)
 * retry_delay = 1          ; seconds before the first retry, doubled each time, at most 60
 * queue_size = 100         ; events waiting while the endpoint is slow; the oldest is dropped beyond it
 * timeout = 10             ; seconds per request
 * </pre>
 *
 * @param name      the part after {@code webhook:}
 * @param secret    HMAC key; never printed by {@link #toString()}
 */
public record WebhookSpec(String name, URI url, Set<EventType> events, Map<String, String> headers,
                          Optional<String> secret, int retries, Duration retryDelay, int queueSize,
                          Duration timeout) {

    public WebhookSpec {
        events = Set.copyOf(events);
        headers = Map.copyOf(headers);
    }

    /** The section name prefix. */
    public static final String SECTION_PREFIX = "webhook:";

    /**
     * Reads a section's keys (already %-expanded, lower-cased keys as the INI reader gives them).
     *
     * @param section the full section name, {@code webhook:x}
     * @param source  the file it came from, for errors
     * @throws ConfigError naming the section and key on a bad or missing value
     */
    public static WebhookSpec parse(String section, Map<String, String> keys, Path source) {
        if (!section.startsWith(SECTION_PREFIX) || section.length() == SECTION_PREFIX.length()) {
            throw new ConfigError("invalid webhook section name", source, 0, section, null);
        }
        String name = section.substring(SECTION_PREFIX.length());
        String rawUrl = required(keys, "url", section, source);
        URI url;
        try {
            url = new URI(rawUrl);
        } catch (URISyntaxException e) {
            throw new ConfigError("invalid 'url' value '" + rawUrl + "'", source, 0, section, "url");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new ConfigError("'url' must be an http:// or https:// URL with a host, not '" + rawUrl + "'",
                    source, 0, section, "url");
        }
        Set<EventType> events = EnumSet.noneOf(EventType.class);
        for (String e : required(keys, "events", section, source).split(",")) {
            String t = e.strip();
            if (t.isEmpty()) {
                continue;
            }
            events.add(EventType.byName(t).orElseThrow(() ->
                    new ConfigError("Unknown event type " + t + " in [" + section + "] events", source, 0, section,
                            "events")));
        }
        if (events.isEmpty()) {
            throw new ConfigError("'events' lists no event type", source, 0, section, "events");
        }
        Map<String, String> headers = headers(keys.getOrDefault("headers", ""), section, source);
        String secret = keys.getOrDefault("secret", "");
        return new WebhookSpec(name, url, events, headers, secret.isEmpty() ? Optional.empty() : Optional.of(secret),
                integer(keys, "retries", 5, 0, section, source),
                Duration.ofSeconds(integer(keys, "retry_delay", 1, 0, section, source)),
                integer(keys, "queue_size", 100, 1, section, source),
                Duration.ofSeconds(integer(keys, "timeout", 10, 1, section, source)));
    }

    /**
     * Webhooks from HOCON ({@code drover.conf} or {@code -D}): {@code drover.webhooks.<name> { url = ..., events =
     * [..] or "A, B", headers { K = v }, secret, retries, retry_delay, queue_size, timeout }}. Usable until the config
     * module hands over {@code [webhook:x]} sections, with the same keys and checks.
     */
    public static java.util.List<WebhookSpec> fromHocon(com.typesafe.config.Config root) {
        String path = "drover.webhooks";
        if (!root.hasPath(path)) {
            return java.util.List.of();
        }
        java.util.List<WebhookSpec> out = new java.util.ArrayList<>();
        com.typesafe.config.ConfigObject hooks = root.getObject(path);
        for (String name : new java.util.TreeSet<>(hooks.keySet())) {
            com.typesafe.config.Config c = root.getConfig(path + "." + com.typesafe.config.ConfigUtil.joinPath(name));
            Map<String, String> keys = new LinkedHashMap<>();
            for (Map.Entry<String, com.typesafe.config.ConfigValue> e : c.root().entrySet()) {
                Object v = e.getValue().unwrapped();
                if (v instanceof java.util.List<?> l) {
                    keys.put(e.getKey(), String.join(",", l.stream().map(String::valueOf).toList()));
                } else if (v instanceof Map<?, ?> m) {
                    StringBuilder h = new StringBuilder();
                    m.forEach((k, x) -> h.append(h.length() > 0 ? ", " : "").append(k).append("=\"").append(x)
                            .append('"'));
                    keys.put(e.getKey(), h.toString());
                } else {
                    keys.put(e.getKey(), String.valueOf(v));
                }
            }
            out.add(parse(SECTION_PREFIX + name, keys, null));
        }
        return out;
    }

    private static String required(Map<String, String> keys, String key, String section, Path source) {
        String v = keys.get(key);
        if (v == null || v.isBlank()) {
            throw new ConfigError("missing '" + key + "'", source, 0, section, key);
        }
        return v.strip();
    }

    private static int integer(Map<String, String> keys, String key, int dflt, int min, String section, Path source) {
        String v = keys.get(key);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the error
        }
        throw new ConfigError("invalid '" + key + "' value '" + v.strip() + "' (an integer >= " + min + ")", source, 0,
                section, key);
    }

    /** {@code A=1, B="x, y"}: comma-separated KEY=value pairs, a value may be double-quoted to hold commas. */
    static Map<String, String> headers(String text, String section, Path source) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && (text.charAt(i) == ',' || Character.isWhitespace(text.charAt(i)))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                throw new ConfigError("invalid 'headers' value: expected NAME=value at '" + text.substring(i) + "'",
                        source, 0, section, "headers");
            }
            String key = text.substring(i, eq).strip();
            if (key.isEmpty() || !key.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                throw new ConfigError("invalid header name '" + key + "'", source, 0, section, "headers");
            }
            i = eq + 1;
            while (i < n && text.charAt(i) == ' ') {
                i++;
            }
            StringBuilder v = new StringBuilder();
            if (i < n && text.charAt(i) == '"') {
                int end = text.indexOf('"', i + 1);
                if (end < 0) {
                    throw new ConfigError("unclosed quote in 'headers'", source, 0, section, "headers");
                }
                v.append(text, i + 1, end);
                i = end + 1;
            } else {
                int end = text.indexOf(',', i);
                end = end < 0 ? n : end;
                v.append(text.substring(i, end).strip());
                i = end;
            }
            out.put(key, v.toString());
        }
        return out;
    }

    @Override
    public String toString() {
        return "WebhookSpec[name=" + name + ", url=" + url + ", events=" + events + ", headers=" + headers.keySet()
                + ", secret=" + (secret.isPresent() ? "<set>" : "<none>") + ", retries=" + retries + ", retryDelay="
                + retryDelay + ", queueSize=" + queueSize + ", timeout=" + timeout + "]";
    }
}
