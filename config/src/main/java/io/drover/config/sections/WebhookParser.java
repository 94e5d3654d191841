package io.drover.config.sections;

import io.drover.config.ConfigError;
import io.drover.config.WebhookSpec;
import io.drover.config.values.BadValue;
import io.drover.config.values.HeaderList;
import io.drover.config.values.Scalars;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [webhook:x]} sections (Drover's; supervisord skips them). Values expand {@code %(here)s} and
 * {@code %(ENV_X)s} as other sections do, so a secret can come from the environment; a refused value names its
 * file, line and key. Unknown keys are ignored, as supervisord ignores them in its own sections.
 */
public final class WebhookParser {

    private static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);

    private WebhookParser() {
    }

    /** Every webhook section, in file order. */
    public static List<WebhookSpec> parse(ParseContext ctx) {
        List<WebhookSpec> out = new ArrayList<>();
        for (String section : ctx.doc().sectionNames()) {
            if (section.startsWith(WebhookSpec.SECTION_PREFIX)) {
                out.add(parse(ctx, section));
            }
        }
        return out;
    }

    private static WebhookSpec parse(ParseContext ctx, String section) {
        SectionReader r = ctx.reader(section);
        String name = section.substring(WebhookSpec.SECTION_PREFIX.length());
        try {
            Scalars.processOrGroupName(name);
        } catch (BadValue e) {
            throw r.error(e.getMessage());
        }
        Map<String, Object> names = Map.of("here", ctx.here());
        URI url = url(r, r.get("url", null, names));
        List<String> events = events(r, section, r.get("events", null, names));
        SectionReader.Opt headersOpt = quiet(r, "headers", names);
        Map<String, String> headers = r.convert(headersOpt, HeaderList::parse);
        String secret = quiet(r, "secret", names).text();
        int retries = atLeast(r, r.get("retries", "5", names), 0);
        Duration retryDelay = seconds(r, r.get("retry_delay", "1", names), 0);
        Duration retryMaxDelay = seconds(r, r.get("retry_max_delay", "60", names), 0);
        if (retryMaxDelay.compareTo(retryDelay) < 0) {
            throw r.error(r.get("retry_max_delay", "60", names), "retry_max_delay (" + retryMaxDelay.toSeconds()
                    + ") is less than retry_delay (" + retryDelay.toSeconds() + ")");
        }
        int queueSize = atLeast(r, r.get("queue_size", "100", names), 1);
        Duration timeout = seconds(r, r.get("timeout", "10", names), 1);
        return new WebhookSpec(name, url, events, headers, secret.isEmpty() ? Optional.empty() : Optional.of(secret),
                retries, retryDelay, retryMaxDelay, queueSize, timeout);
    }

    /** A key whose text may be secret: an expansion error names the key, never the text. */
    private static SectionReader.Opt quiet(SectionReader r, String key, Map<String, Object> names) {
        try {
            return r.get(key, "", names);
        } catch (ConfigError e) {
            throw r.error(r.raw(key, ""), key + " does not expand (a %(name)s that is not defined, or a lone %;"
                    + " write %% for a literal %)");
        }
    }

    private static URI url(SectionReader r, SectionReader.Opt o) {
        if (o.text() == null || o.text().isBlank()) {
            throw r.error(o, "section [" + r.section() + "] has no url");
        }
        String text = o.text().strip();
        try {
            URI u = new URI(text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // refused below
        }
        // The text may hold a token in its query: name only its start.
        String shown = text.length() > 24 ? text.substring(0, 24) + "..." : text;
        throw r.error(o, "url must be an http:// or https:// URL with a host, not '" + shown + "'");
    }

    /** As supervisord checks {@code [eventlistener:x] events}: every name known, at least one. */
    private static List<String> events(SectionReader r, String section, SectionReader.Opt o) {
        if (o.text() == null || o.text().isBlank()) {
            throw r.error(o, "[" + section + "] section requires an \"events\" line");
        }
        List<String> out = new ArrayList<>();
        for (String t : Scalars.listOfStrings(o.text())) {
            if (!EventTypeNames.ALL.contains(t)) {
                throw r.error(o, "Unknown event type " + t + " in [" + section + "] events");
            }
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        if (out.isEmpty()) {
            throw r.error(o, "[" + section + "] section requires an \"events\" line");
        }
        return out;
    }

    private static int atLeast(SectionReader r, SectionReader.Opt o, int min) {
        int v = r.convert(o, Scalars::integer);
        if (v < min) {
            throw r.error(o, o.key() + " must be at least " + min + ", not " + v);
        }
        return v;
    }

    private static Duration seconds(SectionReader r, SectionReader.Opt o, int min) {
        Duration d = Duration.ofSeconds(atLeast(r, o, min));
        if (d.compareTo(MAX_RETRY_DELAY) > 0) {
            throw r.error(o, o.key() + " must be at most " + MAX_RETRY_DELAY.toSeconds() + " seconds");
        }
        return d;
    }
}
