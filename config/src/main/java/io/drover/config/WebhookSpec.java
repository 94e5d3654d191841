package io.drover.config;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code [webhook:x]} section, a Drover extension (stock supervisord ignores sections it does not know): every
 * event of the subscribed types is POSTed as JSON to {@code url}.
 *
 * <pre>
 * [webhook:ops]
 * url = https://hooks.example.com/drover
 * events = PROCESS_STATE_FATAL, PROCESS_STATE_EXITED   ; abstract types (PROCESS_STATE, EVENT, ...) allowed
 * headers = Authorization: "Bearer abc", X-Env: prod  ; "Name: value" pairs, comma-separated; quote a value to hold a comma
 * secret = %(ENV_HOOK_SECRET)s    ; X-Drover-Signature: sha256=&lt;hex HMAC-SHA256 of the body&gt;
 * retries = 5              ; extra attempts after a failed POST (5xx, 408, 429, timeout, connection error)
 * retry_delay = 1          ; seconds before the first retry, doubled each time ...
 * retry_max_delay = 60     ; ... up to this many seconds
 * queue_size = 100         ; events waiting while the endpoint is slow; the oldest is dropped beyond it
 * timeout = 10             ; seconds per request
 * </pre>
 *
 * @param name          the part after {@code webhook:}
 * @param events        event type names (validated against supervisord's, abstract ones included)
 * @param headers       extra request headers in the order written; values are not printed by {@link #toString()}
 * @param secret        HMAC key; never printed by {@link #toString()}
 * @param retries       extra attempts after a failed POST
 * @param retryDelay    the first retry's delay, doubled for each further one
 * @param retryMaxDelay the cap of the doubled delay
 * @param queueSize     events waiting at most; the oldest waiting one is dropped beyond it
 * @param timeout       per request (connect and response)
 */
public record WebhookSpec(String name, URI url, List<String> events, Map<String, String> headers,
                          Optional<String> secret, int retries, Duration retryDelay, Duration retryMaxDelay,
                          int queueSize, Duration timeout) {

    /** The section name prefix. */
    public static final String SECTION_PREFIX = "webhook:";

    public WebhookSpec {
        events = List.copyOf(events);
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The URL without user info, query or fragment (which may carry tokens): what logs and listings show. */
    public String safeUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    @Override
    public String toString() {
        return "WebhookSpec[name=" + name + ", url=" + safeUrl() + ", events=" + events + ", headers="
                + headers.keySet() + ", secret=" + (secret.isPresent() ? "<set>" : "<none>") + ", retries=" + retries
                + ", retryDelay=" + retryDelay + ", retryMaxDelay=" + retryMaxDelay + ", queueSize=" + queueSize
                + ", timeout=" + timeout + "]";
    }
}
